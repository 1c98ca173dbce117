/**
 * A failure the registry reports to its caller as a value: an HTTP status, a stable code that
 * scripts can match, and a sentence that names what is wrong and what to do about it.
 */
export class RegistryError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'RegistryError';
  }
}

/** A second publish of a version that already exists (versions are immutable). */
export class DuplicateVersionError extends RegistryError {
  constructor(pluginId: string, version: string) {
    super(
      409,
      'duplicate_version',
      `${pluginId}@${version} is already published and versions are immutable; bump the version in plugin.json and publish again`,
    );
  }
}

/** Shorthand for a 400 rejection of an upload. */
export function rejected(code: string, message: string): RegistryError {
  return new RegistryError(400, code, message);
}
