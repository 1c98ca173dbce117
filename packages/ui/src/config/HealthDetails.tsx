import { Alert, Collapse } from '@grafana/ui';
import { useState, type ReactElement } from 'react';

/** Props of {@link HealthDetails}. */
export interface HealthDetailsProps {
  /** CheckHealth `status`; default `OK`. */
  status?: 'OK' | 'ERROR' | 'UNKNOWN' | 'success' | 'error';
  /** CheckHealth `message`: the sentence shown as title. */
  message?: string;
  /** CheckHealth `jsonDetails` (parsed JSON or its text). */
  details?: unknown;
}

/** A detail value as one readable line (objects as compact JSON). */
export function formatDetailValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/** `details` as a plain object, parsing JSON text; undefined when there is nothing to show. */
export function normaliseDetails(details: unknown): Record<string, unknown> | undefined {
  let d = details;
  if (typeof d === 'string') {
    if (d.trim() === '') return undefined;
    try {
      d = JSON.parse(d);
    } catch {
      return { details: d };
    }
  }
  if (d === null || d === undefined) return undefined;
  if (typeof d !== 'object' || Array.isArray(d)) return { details: d };
  return Object.keys(d).length > 0 ? (d as Record<string, unknown>) : undefined;
}

/**
 * A health-check result with its `jsonDetails` as a key/value table plus the raw JSON behind a
 * toggle. Grafana shows the status and message under "Save & test" itself; this is for editors
 * and pages that want the diagnostics too.
 */
export function HealthDetails(props: HealthDetailsProps): ReactElement {
  const [raw, setRaw] = useState(false);
  const details = normaliseDetails(props.details);
  const status = (props.status ?? 'OK').toUpperCase();
  const severity =
    status === 'OK' || status === 'SUCCESS' ? 'success' : status === 'UNKNOWN' ? 'info' : 'error';
  return (
    <Alert
      severity={severity}
      title={props.message ?? (severity === 'success' ? 'Datasource is working' : 'Health check failed')}
    >
      {details && (
        <>
          <table aria-label="Health check details">
            <tbody>
              {Object.entries(details).map(([k, v]) => (
                <tr key={k}>
                  <th scope="row" style={{ textAlign: 'left', paddingRight: 16, fontWeight: 500 }}>
                    {k}
                  </th>
                  <td>{formatDetailValue(v)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Collapse label="Raw details" isOpen={raw} onToggle={() => setRaw(!raw)} collapsible>
            <pre>{JSON.stringify(details, null, 2)}</pre>
          </Collapse>
        </>
      )}
    </Alert>
  );
}
