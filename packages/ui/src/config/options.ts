/**
 * Pure updates of datasource settings, so every config part changes one thing and keeps the rest.
 * Secrets are only written or reset, never read: `secureJsonFields` says whether one is stored.
 * @module
 */
import type { DataSourcePluginOptionsEditorProps, DataSourceSettings } from '@grafana/data';

import type { DsforgeJsonData, DsforgeSecretKey, DsforgeSecureJsonData } from '../types';

/** Settings of a dsforge datasource as the config editor sees them. */
export type DsforgeSettings = DataSourceSettings<DsforgeJsonData, DsforgeSecureJsonData>;

/** Props of the config editor and of each of its sections. */
export type DsforgeConfigProps = DataSourcePluginOptionsEditorProps<DsforgeJsonData, DsforgeSecureJsonData>;

/** Settings with `patch` merged into `jsonData`; keys set to `undefined` are removed. */
export function withJsonData(options: DsforgeSettings, patch: Partial<DsforgeJsonData>): DsforgeSettings {
  const jsonData: Record<string, unknown> = { ...options.jsonData, ...patch };
  for (const [k, v] of Object.entries(patch)) if (v === undefined) delete jsonData[k];
  return { ...options, jsonData: jsonData as DsforgeJsonData };
}

/** Settings with a new secret value to save (Grafana encrypts it on save). */
export function withSecret(options: DsforgeSettings, key: DsforgeSecretKey, value: string): DsforgeSettings {
  return { ...options, secureJsonData: { ...options.secureJsonData, [key]: value } };
}

/**
 * Settings with a stored secret cleared, the way Grafana expects a reset: the field is marked not
 * configured and an empty value is sent, which deletes it on save.
 */
export function withSecretReset(options: DsforgeSettings, key: DsforgeSecretKey): DsforgeSettings {
  return {
    ...options,
    secureJsonFields: { ...options.secureJsonFields, [key]: false },
    secureJsonData: { ...options.secureJsonData, [key]: '' },
  };
}

/** True when Grafana holds a value for the secret `key`. */
export function isSecretConfigured(options: DsforgeSettings, key: DsforgeSecretKey): boolean {
  return options.secureJsonFields?.[key] === true;
}

/** A number from an input's text: `undefined` for empty, `NaN` for text that is not a number. */
export function parseNumberInput(text: string): number | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  return Number(t);
}
