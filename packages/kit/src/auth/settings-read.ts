/**
 * Reading auth settings. Non-secret values come from `settings.jsonData`; secrets come only from
 * `settings.secret(key)` (Grafana's decrypted secureJsonData) — never from jsonData, query JSON,
 * environment variables or files, so a credential can never be read from somewhere a Viewer can
 * see or an operator did not intend.
 *
 * Problems found here are configuration problems, reported as `SettingsError` when the provider
 * is built (in `createInstance`), so every query shows the same clear sentence naming the field.
 * @module
 */
import { SettingsError, type DataSourceSettings } from '@dsforge/backend';

/** The settings an auth provider reads: jsonData plus secrets through `secret()`. */
export type AuthSettings = Pick<
  DataSourceSettings,
  'jsonData' | 'secret' | 'url' | 'user' | 'basicAuthUser' | 'name' | 'uid'
> & { secretValues?(): string[] };

function jsonValue(settings: AuthSettings, key: string): unknown {
  const jd = settings.jsonData as Record<string, unknown> | null | undefined;
  return jd && typeof jd === 'object' ? jd[key] : undefined;
}

/** jsonData[key] as a trimmed non-empty string; numbers are accepted as text. */
export function jsonString(settings: AuthSettings, key: string): string | undefined {
  const v = jsonValue(settings, key);
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string') return undefined;
  const t = v.trim();
  return t === '' ? undefined : t;
}

/** jsonData[key] as a boolean (`true`/`"true"`), or undefined when unset. */
export function jsonBool(settings: AuthSettings, key: string): boolean | undefined {
  const v = jsonValue(settings, key);
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  return undefined;
}

/**
 * jsonData[key] as a list of strings: an array, or one string split on spaces and commas (OAuth
 * scopes are space-separated on the wire; admins often type commas).
 */
export function jsonList(settings: AuthSettings, key: string): string[] | undefined {
  const v = jsonValue(settings, key);
  const items = Array.isArray(v)
    ? v.filter((x): x is string => typeof x === 'string')
    : typeof v === 'string'
      ? v.split(/[\s,]+/)
      : [];
  const out = items.map((s) => s.trim()).filter((s) => s !== '');
  return out.length > 0 ? out : undefined;
}

/** The jsonData keys a provider reads, for error messages. */
export function jsonField(key: string): string {
  return `jsonData.${key}`;
}

/** A secret's value, or undefined when unset or empty. */
export function secretValue(settings: AuthSettings, key: string): string | undefined {
  const v = settings.secret(key);
  return v === undefined || v === '' ? undefined : v;
}

/**
 * A secret that must be set. Throws a `SettingsError` naming the secureJsonData key (never a
 * value) and what to do.
 */
export function requireSecret(settings: AuthSettings, key: string, what: string): string {
  const v = secretValue(settings, key);
  if (v === undefined) {
    throw new SettingsError(
      `${what} is not configured: secureJsonData.${key} is empty. ` +
        `Set it on the datasource's settings page (or in the provisioning file's secureJsonData).`,
    );
  }
  return v;
}

/** A jsonData string that must be set; throws a `SettingsError` naming it. */
export function requireJsonString(settings: AuthSettings, key: string, what: string): string {
  const v = jsonString(settings, key);
  if (v === undefined) {
    throw new SettingsError(
      `${what} is not configured: jsonData.${key} is empty. Set it on the datasource's settings page.`,
    );
  }
  return v;
}

/** All secret values of the datasource, for redaction (empty when the settings cannot list them). */
export function allSecretValues(
  settings: AuthSettings,
  extra: readonly (string | undefined)[] = [],
): string[] {
  const values = typeof settings.secretValues === 'function' ? settings.secretValues() : [];
  return [...values, ...extra].filter((v): v is string => typeof v === 'string' && v !== '');
}
