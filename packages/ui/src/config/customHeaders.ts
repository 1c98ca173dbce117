/**
 * Grafana's custom-header convention as pure functions: header N has its name in jsonData
 * `httpHeaderName<N>` and its value in the secret `httpHeaderValue<N>`. Numbers may have gaps.
 * @module
 */
import type { DsforgeJsonData } from '../types';
import { withJsonData, withSecretReset, type DsforgeSettings } from './options';

const NAME_KEY = /^httpHeaderName(\d+)$/;

/** The header numbers present in `jsonData`, ascending. */
export function headerNumbers(jsonData: DsforgeJsonData): number[] {
  const out: number[] = [];
  for (const [k, v] of Object.entries(jsonData)) {
    const m = NAME_KEY.exec(k);
    if (m && typeof v === 'string') out.push(Number(m[1]));
  }
  return out.sort((a, b) => a - b);
}

/** Settings with one more (empty) header row, numbered after the highest existing one. */
export function withHeaderAdded(options: DsforgeSettings): DsforgeSettings {
  const next = Math.max(0, ...headerNumbers(options.jsonData)) + 1;
  return withJsonData(options, { [`httpHeaderName${next}`]: '' });
}

/** Settings without header `n`: its name removed and its stored value reset. */
export function withHeaderRemoved(options: DsforgeSettings, n: number): DsforgeSettings {
  const reset = withSecretReset(options, `httpHeaderValue${n}`);
  return withJsonData(reset, { [`httpHeaderName${n}`]: undefined });
}
