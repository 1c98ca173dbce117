import { makeSettings } from '../../test/config-harness';
import { headerNumbers, withHeaderAdded, withHeaderRemoved } from './customHeaders';

describe('custom headers', () => {
  it('lists header numbers in order, gaps included', () => {
    expect(headerNumbers({ httpHeaderName3: 'B', httpHeaderName1: 'A', timeout: 5 })).toEqual([1, 3]);
  });

  it('adds a row after the highest number', () => {
    const s = withHeaderAdded(makeSettings({ httpHeaderName1: 'A', httpHeaderName3: 'B' }));
    expect(s.jsonData.httpHeaderName4).toBe('');
  });

  it('removes the name and resets the stored value', () => {
    const start = makeSettings(
      { httpHeaderName1: 'X-Org' },
      { secureJsonFields: { httpHeaderValue1: true } },
    );
    const s = withHeaderRemoved(start, 1);
    expect(headerNumbers(s.jsonData)).toEqual([]);
    expect(s.secureJsonFields.httpHeaderValue1).toBe(false);
    expect(s.secureJsonData?.httpHeaderValue1).toBe('');
  });
});
