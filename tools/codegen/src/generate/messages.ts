/**
 * CLI messages as data (`{ title, body, link }`, create-plugin's shape), so commands decide what
 * to say and one printer decides how.
 * @module
 */

/** A message for the user. */
export interface Message {
  title: string;
  body?: string[];
  link?: string;
}

/** A user error: bad or missing input. `exitCode` 2 for usage errors, 1 otherwise. */
export class CliError extends Error {
  constructor(
    readonly msg: Message,
    readonly exitCode = 1,
  ) {
    super(msg.title);
    this.name = 'CliError';
  }
}

/** The message as printed text: the title, then the body indented. */
export function formatMessage(m: Message, kind: 'error' | 'success' | 'info' = 'info'): string {
  const mark = kind === 'error' ? '✖' : kind === 'success' ? '✔' : '•';
  const lines = [`${mark} ${m.title}`, ...(m.body ?? []).map((l) => `  ${l}`)];
  if (m.link) lines.push(`  see ${m.link}`);
  return lines.join('\n') + '\n';
}
