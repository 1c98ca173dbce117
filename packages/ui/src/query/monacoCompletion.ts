/**
 * Wires {@link suggest} into Monaco (Grafana's CodeEditor) as a completion provider for the
 * code-mode editor's model only. Typed structurally so tests can pass a fake Monaco.
 * @module
 */
import type { QueryEditorSchema } from '../types';
import { suggest, type SuggestionKind } from './suggest';

/** The slice of Monaco's API the provider uses. */
export interface MonacoLike {
  languages: {
    registerCompletionItemProvider(
      language: string,
      provider: {
        triggerCharacters?: string[];
        provideCompletionItems(
          model: MonacoModelLike,
          position: { lineNumber: number; column: number },
        ): { suggestions: unknown[] };
      },
    ): { dispose(): void };
    CompletionItemKind: Record<string, number>;
  };
}

/** The slice of a Monaco text model the provider uses. */
export interface MonacoModelLike {
  getValue(): string;
  getOffsetAt(position: { lineNumber: number; column: number }): number;
  getPositionAt(offset: number): { lineNumber: number; column: number };
}

const KIND_NAME: Record<SuggestionKind, string> = {
  operation: 'Function',
  param: 'Property',
  key: 'Keyword',
  enum: 'EnumMember',
  field: 'Field',
  operator: 'Operator',
  value: 'Value',
};

/**
 * Registers completions for `language` that apply only to `model` (other editors on the page
 * keep theirs). Returns the registration; dispose it when the editor unmounts.
 */
export function registerSchemaCompletion(
  monaco: MonacoLike,
  model: MonacoModelLike | null,
  schema: QueryEditorSchema,
  language = 'json',
): { dispose(): void } {
  return monaco.languages.registerCompletionItemProvider(language, {
    triggerCharacters: ['"', ':', ',', '{', '[', '.'],
    provideCompletionItems(m, position) {
      if (model !== null && m !== model) return { suggestions: [] };
      const text = m.getValue();
      const items = suggest(schema, text, m.getOffsetAt(position));
      return {
        suggestions: items.map((s, i) => {
          const start = m.getPositionAt(s.from);
          const end = m.getPositionAt(s.to);
          return {
            label: s.label,
            kind: monaco.languages.CompletionItemKind[KIND_NAME[s.kind]] ?? 0,
            detail: s.detail,
            documentation: s.documentation,
            insertText: s.insertText,
            // Keep suggest()'s ranking instead of Monaco's alphabetical order.
            sortText: String(i).padStart(4, '0'),
            filterText: text.slice(s.from, s.to) + s.label,
            range: {
              startLineNumber: start.lineNumber,
              startColumn: start.column,
              endLineNumber: end.lineNumber,
              endColumn: end.column,
            },
          };
        }),
      };
    },
  });
}
