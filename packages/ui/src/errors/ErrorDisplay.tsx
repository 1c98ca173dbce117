import { Alert, Collapse, Stack, Text } from '@grafana/ui';
import { useState, type ReactElement } from 'react';

import { readDsforgeError, type DsforgeErrorInfo, type DsforgeErrorSource } from './readDsforgeError';

/** Props of {@link ErrorDisplay}: the error itself, or anything {@link readDsforgeError} reads. */
export interface ErrorDisplayProps {
  error?: DsforgeErrorInfo;
  source?: DsforgeErrorSource;
  /** Only this query's error. */
  refId?: string;
  /** Show the details expanded at first. */
  detailsOpen?: boolean;
}

/** "Retrying in N s" for errors that clear by themselves after a delay, else undefined. */
export function retryHint(info: DsforgeErrorInfo): string | undefined {
  if (info.category !== 'rate_limited' && info.category !== 'circuit_open') return undefined;
  if (info.retryAfterMs === undefined) return info.retryable ? 'Retrying shortly.' : undefined;
  return `Retrying in ${Math.max(1, Math.ceil(info.retryAfterMs / 1000))} s.`;
}

const WARNING_CATEGORIES = new Set(['rate_limited', 'circuit_open', 'cancelled']);

/**
 * A query error as the user should see it: the category as title, the message, what to do,
 * when it will be retried, the correlation id to quote to an admin, and the details (status,
 * upstream facts) behind a toggle. Renders nothing when there is no error.
 */
export function ErrorDisplay(props: ErrorDisplayProps): ReactElement | null {
  const [open, setOpen] = useState(props.detailsOpen ?? false);
  const info = props.error ?? readDsforgeError(props.source, props.refId);
  if (!info) return null;
  const hint = retryHint(info);
  const details: Record<string, unknown> = { ...(info.details ?? {}) };
  if (info.status !== undefined) details.status = info.status;
  if (info.category !== 'unknown') details.category = info.category;
  return (
    <Alert severity={WARNING_CATEGORIES.has(info.category) ? 'warning' : 'error'} title={info.label}>
      <Stack direction="column" gap={1}>
        <Text element="p">{info.message}</Text>
        {info.suggestion && (
          <Text element="p" color="secondary">
            {info.suggestion}
          </Text>
        )}
        {hint && (
          <Text element="p" weight="medium">
            {hint}
          </Text>
        )}
        {info.correlationId && (
          <Text element="p" variant="bodySmall" color="secondary">
            Correlation id: <code>{info.correlationId}</code>
          </Text>
        )}
        {Object.keys(details).length > 0 && (
          <Collapse label="Details" isOpen={open} onToggle={() => setOpen(!open)} collapsible>
            <pre aria-label="Error details">{JSON.stringify(details, null, 2)}</pre>
          </Collapse>
        )}
      </Stack>
    </Alert>
  );
}
