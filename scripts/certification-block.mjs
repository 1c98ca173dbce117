// The README certification block that `dsforge certify` writes (tools/codegen/src/certify/
// readme-status.ts owns its format), as the repo's plain-Node scripts read it: check-generated
// leaves it out of the comparison, the test run checks it against a fresh certification.

export const START = '<!-- dsforge:certification:start -->';
export const END = '<!-- dsforge:certification:end -->';

/** The block of a README's text, markers included, or undefined when it has none. */
export function certificationBlock(text) {
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  return start !== -1 && end > start ? text.slice(start, end + END.length) : undefined;
}
