/**
 * A build failure the user can fix: the message names the file or option that is wrong and what to
 * do about it. The CLI prints only the message (no stack) and exits 1; anything that is not a
 * `BuildError` is a dsforge bug and is printed with its stack.
 */
export class BuildError extends Error {
  override readonly name = 'BuildError';
}

/** Runs `fn` and rethrows any failure as a `BuildError` prefixed with `what` (keeps the cause). */
export async function explain<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof BuildError) throw err;
    const reason = err instanceof Error ? err.message : String(err);
    throw new BuildError(`${what}: ${reason}`, { cause: err });
  }
}
