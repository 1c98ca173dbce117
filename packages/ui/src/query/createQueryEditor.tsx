import type { DataSourceApi, QueryEditorProps } from '@grafana/data';
import { Alert, Button, Collapse, Field, RadioButtonGroup, Stack, Text } from '@grafana/ui';
import { useRef, useState, type ComponentType, type ReactElement } from 'react';

import { ErrorDisplay } from '../errors/ErrorDisplay';
import type { DsforgeJsonData, QueryEditorSchema, SchemaQuery } from '../types';
import { CodeMode, type CodeEditorKind } from './CodeMode';
import { FilterBuilder } from './FilterBuilder';
import { OperationPicker } from './OperationPicker';
import { ParamsForm } from './ParamsForm';
import { applyRaw, parseRaw, queryToRaw } from './rawQuery';
import { ResultShaping } from './ResultShaping';
import { defaultParams, findOperation, isRunnable, withOperation } from './schemaModel';

/** Options of {@link createQueryEditor}. */
export interface QueryEditorOptions {
  /** Editor used by code mode; default `monaco` (Grafana's CodeEditor). */
  codeEditor?: CodeEditorKind;
  /** Hide the result shaping section (APIs whose backend shapes frames itself). */
  hideShaping?: boolean;
}

/** Props of a generated plugin's query editor. */
export type SchemaQueryEditorProps<
  TQuery extends SchemaQuery = SchemaQuery,
  DS extends DataSourceApi<TQuery, DsforgeJsonData> = DataSourceApi<TQuery, DsforgeJsonData>,
> = QueryEditorProps<DS, TQuery, DsforgeJsonData>;

/** A new query on the schema's first operation with its default parameters (for `getDefaultQuery`). */
export function defaultQuery(schema: QueryEditorSchema): Partial<SchemaQuery> {
  const first = schema.operations[0];
  return first ? { operationId: first.id, params: defaultParams(first) } : { params: {} };
}

const MODES = [
  { label: 'Builder', value: 'builder' as const },
  { label: 'Code', value: 'code' as const },
];

/**
 * The query editor of a generated plugin, built from its schema: operation picker, parameter
 * form, filter builder (for operations with filterable fields), result shaping, a code mode
 * with autocomplete, and the kit's error for this query. Pass it to `setQueryEditor`.
 *
 * The query runs when a select changes or an input loses focus, and only when it is complete
 * (known operation, required parameters set, values of the right type).
 *
 * @example
 * export const QueryEditor = createQueryEditor(schema); // schema from src/generated/schema.ts
 */
export function createQueryEditor<
  TQuery extends SchemaQuery = SchemaQuery,
  DS extends DataSourceApi<TQuery, DsforgeJsonData> = DataSourceApi<TQuery, DsforgeJsonData>,
>(
  schema: QueryEditorSchema,
  opts: QueryEditorOptions = {},
): ComponentType<SchemaQueryEditorProps<TQuery, DS>> {
  function QueryEditor(props: SchemaQueryEditorProps<TQuery, DS>): ReactElement {
    const query: SchemaQuery = { ...props.query, params: props.query.params ?? {} };
    const [codeError, setCodeError] = useState<string | undefined>(undefined);
    const [shapingOpen, setShapingOpen] = useState(
      !!(query.rootPath || query.timeField || query.fields?.length),
    );
    const op = findOperation(schema, query.operationId);
    // The newest query, also when a select changes and commits in the same event, before
    // Grafana has re-rendered the editor with the new props.
    const latest = useRef(query);
    latest.current = query;
    const change = (next: SchemaQuery) => {
      latest.current = next;
      props.onChange(next as TQuery);
    };
    const commit = () => {
      if (isRunnable(schema, latest.current)) props.onRunQuery();
    };
    const changeAndRun = (next: SchemaQuery) => {
      change(next);
      commit();
    };

    const setMode = (mode: 'builder' | 'code') => {
      if (mode === 'code') {
        setCodeError(undefined);
        change({ ...query, rawMode: true, raw: queryToRaw(query) });
        return;
      }
      const parsed = parseRaw(query.raw ?? queryToRaw(query));
      if (!parsed.ok) {
        setCodeError(parsed.error);
        return;
      }
      setCodeError(undefined);
      change({ ...applyRaw(query, query.raw ?? ''), rawMode: false, raw: undefined });
    };

    return (
      <Stack direction="column" gap={1}>
        <div>
          <RadioButtonGroup
            size="sm"
            options={MODES}
            value={query.rawMode ? 'code' : 'builder'}
            onChange={setMode}
          />
        </div>
        {query.rawMode ? (
          <>
            <CodeMode
              schema={schema}
              editor={opts.codeEditor}
              text={query.raw ?? queryToRaw(query)}
              onChange={(text) => change(applyRaw(query, text))}
              onCommit={commit}
            />
            {codeError && (
              <Alert severity="error" title="Fix the JSON to go back to the builder">
                <Stack direction="column" gap={1}>
                  <span>{codeError}</span>
                  <div>
                    <Button
                      size="sm"
                      variant="secondary"
                      onClick={() => {
                        setCodeError(undefined);
                        change({ ...query, rawMode: false, raw: undefined });
                      }}
                    >
                      Discard code changes
                    </Button>
                  </div>
                </Stack>
              </Alert>
            )}
          </>
        ) : (
          <>
            <OperationPicker
              schema={schema}
              value={query.operationId}
              onChange={(id) => {
                const next = findOperation(schema, id);
                if (next) changeAndRun(withOperation(query, op, next));
              }}
            />
            {op?.description && (
              <Text color="secondary" variant="bodySmall">
                {op.description}
              </Text>
            )}
            {op && (
              <ParamsForm
                operation={op}
                params={query.params}
                onChange={(params) => change({ ...query, params })}
                onCommit={commit}
              />
            )}
            {op?.filterable && op.filterable.length > 0 && (
              <Field label="Filters" description="Rows must match every filter.">
                <FilterBuilder
                  fields={op.filterable}
                  filters={query.filters ?? []}
                  onChange={(filters) =>
                    change({ ...query, filters: filters.length > 0 ? filters : undefined })
                  }
                  onCommit={commit}
                />
              </Field>
            )}
            {op && !opts.hideShaping && (
              <Collapse
                label="Result shaping"
                isOpen={shapingOpen}
                onToggle={() => setShapingOpen(!shapingOpen)}
                collapsible
              >
                <ResultShaping
                  operation={op}
                  value={{ rootPath: query.rootPath, timeField: query.timeField, fields: query.fields }}
                  onChange={(shaping) => change({ ...query, ...shaping })}
                  onCommit={commit}
                />
              </Collapse>
            )}
          </>
        )}
        <ErrorDisplay source={props.data} refId={query.refId} />
      </Stack>
    );
  }
  return QueryEditor;
}
