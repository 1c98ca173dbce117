/** @jest-environment jsdom */
import '@testing-library/jest-dom';
import { render, screen } from '@testing-library/react';

import { ordersSchema } from '../../test/fixtures';
import { CodeMode, codeProblem } from './CodeMode';
import type { MonacoModelLike } from './monacoCompletion';

// Grafana provides Monaco at runtime; monaco-editor is not installed here. This stand-in for
// CodeEditor mounts like the real one: it calls onEditorDidMount with an editor and Monaco.
type Provider = {
  provideCompletionItems: (
    m: MonacoModelLike,
    p: { lineNumber: number; column: number },
  ) => {
    suggestions: Array<{ label: string }>;
  };
};
const registered: Array<{ language: string; provider: Provider }> = [];
const dispose = jest.fn();
const textModel: MonacoModelLike = {
  getValue: () => '{"operationId": "',
  getOffsetAt: (p) => p.column - 1,
  getPositionAt: (o) => ({ lineNumber: 1, column: o + 1 }),
};
jest.mock('@grafana/ui', () => {
  const actual = jest.requireActual('@grafana/ui');
  const { useEffect } = jest.requireActual('react');
  return {
    ...actual,
    CodeEditor: (props: { value: string; onEditorDidMount?: (e: unknown, m: unknown) => void }) => {
      useEffect(() => {
        props.onEditorDidMount?.(
          { getModel: () => textModel },
          {
            languages: {
              CompletionItemKind: { Function: 1 },
              registerCompletionItemProvider: (language: string, provider: Provider) => {
                registered.push({ language, provider });
                return { dispose };
              },
            },
          },
        );
      }, []);
      return <pre data-testid="code-editor">{props.value}</pre>;
    },
  };
});

describe('CodeMode', () => {
  it('registers schema completions on Grafana CodeEditor and disposes them on unmount', () => {
    const view = render(<CodeMode schema={ordersSchema} text={'{"operationId": "'} onChange={() => {}} />);
    expect(screen.getByTestId('code-editor')).toBeInTheDocument();
    expect(registered).toHaveLength(1);
    expect(registered[0]?.language).toBe('json');
    const items = registered[0]?.provider.provideCompletionItems(textModel, { lineNumber: 1, column: 18 });
    expect(items?.suggestions.map((s) => s.label)).toEqual(['listOrders', 'getOrder', 'searchCustomers']);
    view.unmount();
    expect(dispose).toHaveBeenCalled();
  });

  it('explains why code cannot run', () => {
    expect(codeProblem(ordersSchema, '{"operationId": "getOrder", "params": {}}')).toBeUndefined();
    expect(codeProblem(ordersSchema, '{"operationId": "nope", "params": {}}')).toMatch(
      /Unknown operation "nope"/,
    );
    expect(codeProblem(ordersSchema, '{')).toMatch(/does not parse/);
  });
});
