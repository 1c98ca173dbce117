/**
 * Flag parsing the sample servers' CLIs share (orders REST and GraphQL): whole numbers, ISO times,
 * and the seed-data flags. A bad value is an Error naming the flag, the value and the usage line.
 * @module
 */

/** `--name` as a whole number, or undefined when not given. */
export function intFlag(name: string, raw: string | undefined, usage: string): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw)) throw new Error(`--${name} must be a whole number, got "${raw}"\n${usage}`);
  return Number(raw);
}

/** `--name` as an ISO 8601 time in epoch ms, or undefined when not given. */
export function timeFlag(name: string, raw: string | undefined, usage: string): number | undefined {
  if (raw === undefined) return undefined;
  const t = Date.parse(raw);
  if (Number.isNaN(t)) throw new Error(`--${name} must be an ISO 8601 time, got "${raw}"\n${usage}`);
  return t;
}

/** The parseArgs options of the seed-data flags. */
export const DATA_FLAGS = {
  seed: { type: 'string' },
  orders: { type: 'string' },
  now: { type: 'string' },
} as const;

/** `--seed`, `--orders` and `--now` as seed-data options (only those given). */
export function dataFlags(
  values: { seed?: string; orders?: string; now?: string },
  usage: string,
): { seed?: number; orders?: number; now?: number } {
  const seed = intFlag('seed', values.seed, usage);
  const orders = intFlag('orders', values.orders, usage);
  const now = timeFlag('now', values.now, usage);
  return {
    ...(seed === undefined ? {} : { seed }),
    ...(orders === undefined ? {} : { orders }),
    ...(now === undefined ? {} : { now }),
  };
}
