import { Alert, Button, CodeEditor, Stack, Text, TextArea } from '@grafana/ui';
import { useEffect, useRef, useState, type ReactElement } from 'react';

import type { QueryEditorSchema } from '../types';
import { registerSchemaCompletion, type MonacoLike } from './monacoCompletion';
import { parseRaw } from './rawQuery';
import { findOperation } from './schemaModel';
import { applySuggestion, suggest, type Suggestion } from './suggest';

/** Which editor code mode uses. */
export type CodeEditorKind = 'monaco' | 'textarea';

/** Props of {@link CodeMode}. */
export interface CodeModeProps {
  schema: QueryEditorSchema;
  text: string;
  onChange: (text: string) => void;
  onCommit?: () => void;
  /**
   * `monaco` (default): Grafana's CodeEditor with completions from {@link suggest}. `textarea`:
   * a plain text area with the suggestions listed under it — for environments where Monaco
   * cannot load (tests, static pages).
   */
  editor?: CodeEditorKind;
}

/** Why the text cannot run, or undefined: JSON problems and an unknown operation. */
export function codeProblem(schema: QueryEditorSchema, text: string): string | undefined {
  const parsed = parseRaw(text);
  if (!parsed.ok) return parsed.error;
  if (!findOperation(schema, parsed.body.operationId)) {
    return `Unknown operation "${parsed.body.operationId}"; use one of ${schema.operations.map((o) => o.id).join(', ')}.`;
  }
  return undefined;
}

function MonacoCode(props: CodeModeProps): ReactElement {
  const registration = useRef<{ dispose(): void } | undefined>(undefined);
  useEffect(() => () => registration.current?.dispose(), []);
  return (
    <CodeEditor
      language="json"
      height={200}
      showLineNumbers
      showMiniMap={false}
      value={props.text}
      onBlur={(t) => {
        props.onChange(t);
        props.onCommit?.();
      }}
      onChange={props.onChange}
      onEditorDidMount={(editor, monaco) => {
        registration.current?.dispose();
        registration.current = registerSchemaCompletion(
          monaco as unknown as MonacoLike,
          editor.getModel() as never,
          props.schema,
        );
      }}
    />
  );
}

function TextareaCode(props: CodeModeProps): ReactElement {
  const ref = useRef<HTMLTextAreaElement>(null);
  const [cursor, setCursor] = useState<number | undefined>(undefined);
  const items: Suggestion[] =
    cursor === undefined ? [] : suggest(props.schema, props.text, cursor).slice(0, 12);
  const track = () => setCursor(ref.current?.selectionStart ?? undefined);
  useEffect(() => {
    // After a suggestion is applied, put the caret after the inserted text.
    if (ref.current && cursor !== undefined && document.activeElement === ref.current) {
      ref.current.setSelectionRange(cursor, cursor);
    }
  }, [props.text]);
  return (
    <Stack direction="column" gap={1}>
      <TextArea
        ref={ref}
        aria-label="Query JSON"
        rows={10}
        spellCheck={false}
        style={{ fontFamily: 'monospace' }}
        value={props.text}
        onChange={(e) => {
          props.onChange(e.currentTarget.value);
          setCursor(e.currentTarget.selectionStart);
        }}
        onSelect={track}
        onKeyUp={track}
        onClick={track}
        onBlur={props.onCommit}
      />
      {items.length > 0 && (
        <div role="listbox" aria-label="Suggestions">
          <Stack direction="row" gap={0.5} wrap="wrap">
            {items.map((s) => (
              <Button
                key={`${s.kind}:${s.label}`}
                role="option"
                aria-selected={false}
                size="sm"
                variant="secondary"
                fill="outline"
                tooltip={[s.detail, s.documentation].filter(Boolean).join(' — ') || undefined}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => {
                  const r = applySuggestion(props.text, s);
                  setCursor(r.cursor);
                  props.onChange(r.text);
                  ref.current?.focus();
                }}
              >
                {s.label}
              </Button>
            ))}
          </Stack>
        </div>
      )}
    </Stack>
  );
}

/** The query as JSON, with schema-aware autocomplete and a message when it cannot run. */
export function CodeMode(props: CodeModeProps): ReactElement {
  const problem = codeProblem(props.schema, props.text);
  return (
    <Stack direction="column" gap={1}>
      {props.editor === 'textarea' ? <TextareaCode {...props} /> : <MonacoCode {...props} />}
      {problem ? (
        <Alert severity="warning" title="The query cannot run yet">
          {problem}
        </Alert>
      ) : (
        <Text color="secondary" variant="bodySmall">
          {props.editor === 'textarea'
            ? 'Suggestions for the cursor position appear under the editor.'
            : 'Ctrl+Space lists operations, parameters, values and fields.'}
        </Text>
      )}
    </Stack>
  );
}
