import type { PanelData } from '@grafana/data';
import { render, type RenderResult } from '@testing-library/react';
import { useState, type ComponentType, type ReactElement } from 'react';

import type { SchemaQueryEditorProps } from '../src/query/createQueryEditor';
import type { SchemaQuery } from '../src/types';

/**
 * Renders a query editor the way Grafana does: controlled, `onChange` fed back. `latest()` is
 * the query Grafana holds now; `runs` counts onRunQuery calls.
 */
export function renderQueryEditor(
  Editor: ComponentType<SchemaQueryEditorProps>,
  initial: SchemaQuery,
  data?: PanelData,
): RenderResult & { latest: () => SchemaQuery; runs: jest.Mock } {
  let current = initial;
  const runs = jest.fn();
  function Host(): ReactElement {
    const [query, setQuery] = useState(initial);
    return (
      <Editor
        datasource={{} as SchemaQueryEditorProps['datasource']}
        query={query}
        data={data}
        onRunQuery={runs}
        onChange={(q) => {
          current = q;
          setQuery(q);
        }}
      />
    );
  }
  const result = render(<Host />);
  return { ...result, latest: () => current, runs };
}
