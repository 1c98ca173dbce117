import { ordersSchema } from '../../test/fixtures';
import { registerSchemaCompletion, type MonacoLike, type MonacoModelLike } from './monacoCompletion';

/** A one-line Monaco model over `text` (columns are 1-based). */
function model(text: string): MonacoModelLike {
  return {
    getValue: () => text,
    getOffsetAt: (p) => p.column - 1,
    getPositionAt: (o) => ({ lineNumber: 1, column: o + 1 }),
  };
}

function fakeMonaco() {
  let provider: Parameters<MonacoLike['languages']['registerCompletionItemProvider']>[1] | undefined;
  const dispose = jest.fn();
  const monaco: MonacoLike = {
    languages: {
      CompletionItemKind: {
        Function: 1,
        Property: 9,
        EnumMember: 16,
        Field: 3,
        Keyword: 17,
        Operator: 11,
        Value: 12,
      },
      registerCompletionItemProvider: (_lang, p) => {
        provider = p;
        return { dispose };
      },
    },
  };
  return { monaco, dispose, provider: () => provider! };
}

describe('registerSchemaCompletion', () => {
  it('answers Monaco with suggest() items, ranges and kinds, for its own model only', () => {
    const { monaco, provider, dispose } = fakeMonaco();
    const text = '{"operationId": "get';
    const own = model(text);
    const reg = registerSchemaCompletion(monaco, own, ordersSchema);
    const result = provider().provideCompletionItems(own, { lineNumber: 1, column: text.length + 1 });
    expect(result.suggestions).toEqual([
      expect.objectContaining({
        label: 'getOrder',
        kind: 1,
        insertText: '"getOrder"',
        sortText: '0000',
        range: { startLineNumber: 1, startColumn: 17, endLineNumber: 1, endColumn: 21 },
      }),
    ]);
    expect(provider().provideCompletionItems(model(text), { lineNumber: 1, column: 21 }).suggestions).toEqual(
      [],
    );
    reg.dispose();
    expect(dispose).toHaveBeenCalled();
  });
});
