/**
 * Factory-time validation of the resilience middlewares' numeric options: a bad value fails when
 * the datasource starts, with the option and the rule in the message, never per query.
 * @module
 */

/** Checks a numeric option at factory time; the message names the option and the rule. */
export function checkOption(
  where: string,
  name: string,
  value: number,
  rule: 'positive' | 'nonNegative' | 'ratio' | 'positiveInt' | 'nonNegativeInt',
): number {
  const ok =
    typeof value === 'number' &&
    !Number.isNaN(value) &&
    (rule === 'positive'
      ? value > 0
      : rule === 'nonNegative'
        ? value >= 0
        : rule === 'ratio'
          ? value > 0 && value <= 1
          : rule === 'positiveInt'
            ? Number.isInteger(value) && value > 0
            : Number.isInteger(value) && value >= 0);
  if (!ok) {
    const want = {
      positive: 'a number > 0',
      nonNegative: 'a number >= 0',
      ratio: 'a number in (0, 1]',
      positiveInt: 'an integer >= 1',
      nonNegativeInt: 'an integer >= 0',
    }[rule];
    throw new TypeError(`${where}: option ${name} must be ${want}, got ${String(value)}`);
  }
  return value;
}
