/**
 * Datasource and app instance settings as handlers see them: jsonData parsed, decrypted secrets
 * reachable only through methods and never serialised, inspected or enumerated.
 */

/** Settings Grafana sent cannot be used (e.g. jsonData is not valid JSON). */
export class SettingsError extends Error {
  readonly code = 'invalid_settings';
  override readonly name = 'SettingsError';
}

/** DataSourceInstanceSettings as decoded from the wire (int64 as bigint, bytes as Buffer). */
export interface DataSourceSettingsWire {
  id: bigint | number;
  uid: string;
  name: string;
  url: string;
  user: string;
  database: string;
  basicAuthEnabled: boolean;
  basicAuthUser: string;
  jsonData: Buffer | Uint8Array;
  decryptedSecureJsonData: Record<string, string>;
  lastUpdatedMS: bigint | number;
  apiVersion: string;
}

/** AppInstanceSettings as decoded from the wire. */
export interface AppSettingsWire {
  jsonData: Buffer | Uint8Array;
  decryptedSecureJsonData: Record<string, string>;
  lastUpdatedMS: bigint | number;
  apiVersion: string;
}

const inspectCustom = Symbol.for('nodejs.util.inspect.custom');

function parseJsonData<J>(bytes: Buffer | Uint8Array | undefined, what: string): J {
  if (bytes === undefined || bytes.length === 0) return {} as J;
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  if (text.trim() === '') return {} as J;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new SettingsError(
      `${what} has jsonData that is not valid JSON (${(err as Error).message}); ` +
        'open its settings page in Grafana and save it again, or fix the provisioning file',
    );
  }
  // Grafana stores `null` for never-saved jsonData; handlers expect an object.
  return (parsed === null ? {} : parsed) as J;
}

function toNumber(v: bigint | number | undefined): number {
  return v === undefined ? 0 : Number(v);
}

function toDate(ms: bigint | number | undefined): Date {
  const d = new Date(toNumber(ms));
  return Number.isNaN(d.getTime()) ? new Date(0) : d;
}

/**
 * Read-only access to decrypted secrets, held in a private field so they never show up in
 * `JSON.stringify`, `util.inspect`, `console.log`, `Object.keys` or a spread.
 */
abstract class SecretHolder {
  readonly #secrets: ReadonlyMap<string, string>;

  protected constructor(secrets: Record<string, string> | undefined) {
    this.#secrets = new Map(Object.entries(secrets ?? {}));
  }

  /** The decrypted value of a secureJsonData key, or undefined when not set. */
  secret(key: string): string | undefined {
    return this.#secrets.get(key);
  }

  /** True when a secureJsonData key is set (value may be empty). */
  hasSecret(key: string): boolean {
    return this.#secrets.has(key);
  }

  /** Names of the secureJsonData keys that are set (never the values). */
  secretKeys(): string[] {
    return [...this.#secrets.keys()];
  }

  /** The decrypted values, for the logger's value redaction only. */
  secretValues(): string[] {
    return [...this.#secrets.values()];
  }

  /** Grafana's own shape for "which secrets are set": `{ key: true }`. */
  protected secureJsonFields(): Record<string, true> {
    return Object.fromEntries(this.secretKeys().map((k) => [k, true as const]));
  }
}

/**
 * One datasource's settings. `jsonData` is parsed (`{}` when empty). Decrypted secrets are
 * available only through {@link secret}/{@link hasSecret}/{@link secretKeys}.
 */
export class DataSourceSettings<J = Record<string, unknown>> extends SecretHolder {
  readonly id: number;
  readonly uid: string;
  readonly name: string;
  readonly url: string;
  readonly user: string;
  readonly database: string;
  readonly basicAuthEnabled: boolean;
  readonly basicAuthUser: string;
  readonly jsonData: J;
  /** When the settings were last saved (lastUpdatedMS); a change recreates the instance. */
  readonly updated: Date;
  readonly apiVersion: string;

  private constructor(w: DataSourceSettingsWire, jsonData: J) {
    super(w.decryptedSecureJsonData);
    this.id = toNumber(w.id);
    this.uid = w.uid ?? '';
    this.name = w.name ?? '';
    this.url = w.url ?? '';
    this.user = w.user ?? '';
    this.database = w.database ?? '';
    this.basicAuthEnabled = w.basicAuthEnabled ?? false;
    this.basicAuthUser = w.basicAuthUser ?? '';
    this.jsonData = jsonData;
    this.updated = toDate(w.lastUpdatedMS);
    this.apiVersion = w.apiVersion ?? '';
  }

  /** Builds settings from the wire message; throws {@link SettingsError} on invalid jsonData. */
  static fromWire<J = Record<string, unknown>>(w: DataSourceSettingsWire): DataSourceSettings<J> {
    const what = `datasource "${w.name}" (uid ${w.uid || '?'})`;
    return new DataSourceSettings<J>(w, parseJsonData<J>(w.jsonData, what));
  }

  /** JSON form: every field plus `secureJsonFields: { key: true }`, never secret values. */
  toJSON(): Record<string, unknown> {
    return {
      id: this.id,
      uid: this.uid,
      name: this.name,
      url: this.url,
      user: this.user,
      database: this.database,
      basicAuthEnabled: this.basicAuthEnabled,
      basicAuthUser: this.basicAuthUser,
      jsonData: this.jsonData,
      secureJsonFields: this.secureJsonFields(),
      updated: this.updated.toISOString(),
      apiVersion: this.apiVersion,
    };
  }

  [inspectCustom](): string {
    return `DataSourceSettings ${JSON.stringify(this.toJSON())}`;
  }
}

/** An app plugin's settings. Same secret handling as {@link DataSourceSettings}. */
export class AppSettings<J = Record<string, unknown>> extends SecretHolder {
  readonly jsonData: J;
  readonly updated: Date;
  readonly apiVersion: string;

  private constructor(w: AppSettingsWire, jsonData: J) {
    super(w.decryptedSecureJsonData);
    this.jsonData = jsonData;
    this.updated = toDate(w.lastUpdatedMS);
    this.apiVersion = w.apiVersion ?? '';
  }

  /** Builds settings from the wire message; throws {@link SettingsError} on invalid jsonData. */
  static fromWire<J = Record<string, unknown>>(w: AppSettingsWire, pluginId = 'app'): AppSettings<J> {
    return new AppSettings<J>(w, parseJsonData<J>(w.jsonData, `app plugin "${pluginId}"`));
  }

  /** JSON form: jsonData, `secureJsonFields: { key: true }`, updated, apiVersion. */
  toJSON(): Record<string, unknown> {
    return {
      jsonData: this.jsonData,
      secureJsonFields: this.secureJsonFields(),
      updated: this.updated.toISOString(),
      apiVersion: this.apiVersion,
    };
  }

  [inspectCustom](): string {
    return `AppSettings ${JSON.stringify(this.toJSON())}`;
  }
}
