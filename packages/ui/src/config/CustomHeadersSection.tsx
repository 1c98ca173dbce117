import { Button, IconButton, Input, SecretInput, Stack } from '@grafana/ui';
import type { ReactElement } from 'react';

import { headerNumbers, withHeaderAdded, withHeaderRemoved } from './customHeaders';
import {
  isSecretConfigured,
  withJsonData,
  withSecret,
  withSecretReset,
  type DsforgeConfigProps,
} from './options';

/**
 * Custom HTTP headers sent with every request (e.g. a tenant id). Values are secrets: stored ones
 * show as "configured" with Reset, and are never read back.
 */
export function CustomHeadersSection(props: DsforgeConfigProps): ReactElement {
  const { options, onOptionsChange } = props;
  const numbers = headerNumbers(options.jsonData);
  return (
    <Stack direction="column" gap={1}>
      {numbers.map((n) => {
        const valueKey = `httpHeaderValue${n}` as const;
        return (
          <Stack key={n} direction="row" gap={1} alignItems="center">
            <Input
              aria-label={`Header ${n} name`}
              width={24}
              placeholder="X-Header"
              value={options.jsonData[`httpHeaderName${n}`] ?? ''}
              onChange={(e) =>
                onOptionsChange(withJsonData(options, { [`httpHeaderName${n}`]: e.currentTarget.value }))
              }
            />
            <SecretInput
              aria-label={`Header ${n} value`}
              width={30}
              placeholder="Value"
              isConfigured={isSecretConfigured(options, valueKey)}
              onReset={() => onOptionsChange(withSecretReset(options, valueKey))}
              value={options.secureJsonData?.[valueKey] ?? ''}
              onChange={(e) => onOptionsChange(withSecret(options, valueKey, e.currentTarget.value))}
            />
            <IconButton
              name="trash-alt"
              tooltip={`Remove header ${n}`}
              aria-label={`Remove header ${n}`}
              onClick={() => onOptionsChange(withHeaderRemoved(options, n))}
            />
          </Stack>
        );
      })}
      <div>
        <Button
          variant="secondary"
          icon="plus"
          size="sm"
          onClick={() => onOptionsChange(withHeaderAdded(options))}
        >
          Add header
        </Button>
      </div>
    </Stack>
  );
}
