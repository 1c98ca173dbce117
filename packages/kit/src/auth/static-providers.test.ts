import { SettingsError } from '@dsforge/backend';

import { apiKeyAuth, addQueryParam } from './api-key';
import { basicAuth } from './basic';
import { bearerAuth } from './bearer';
import { customHeaders } from './custom-headers';
import { getHeader } from './headers';
import { recordingFetch, request, response, settingsOf } from './test-helpers';

async function sent(mw: ReturnType<typeof apiKeyAuth>, init = request('/api/data')) {
  const { fetch, requests } = recordingFetch();
  await mw(fetch)(init);
  return requests[0]!;
}

describe('apiKeyAuth', () => {
  it('sends the key in X-API-Key by default', async () => {
    const req = await sent(apiKeyAuth(settingsOf({ secrets: { apiKey: 'k-123' } })));
    expect(req.headers).toEqual({ 'X-API-Key': 'k-123' });
  });

  it('uses the header and prefix from jsonData, keeping the prefix as typed', async () => {
    const settings = settingsOf({
      jsonData: { apiKeyHeader: 'Authorization', apiKeyPrefix: 'Token ' },
      secrets: { apiKey: 'k-123' },
    });
    const req = await sent(apiKeyAuth(settings));
    expect(getHeader(req.headers, 'authorization')).toBe('Token k-123');
  });

  it('sends the key as a query parameter when apiKeyIn is query', async () => {
    const settings = settingsOf({
      jsonData: { apiKeyIn: 'query', apiKeyParam: 'key' },
      secrets: { apiKey: 'a b&c' },
    });
    const req = await sent(apiKeyAuth(settings), request('/api/data?x=1#frag'));
    expect(req.url).toBe('/api/data?x=1&key=a+b%26c#frag');
  });

  it('keeps a header an earlier layer already set', async () => {
    const settings = settingsOf({ jsonData: { apiKeyHeader: 'Authorization' }, secrets: { apiKey: 'k' } });
    const req = await sent(
      apiKeyAuth(settings),
      request('/x', { headers: { authorization: 'Bearer outer' } }),
    );
    expect(req.headers).toEqual({ authorization: 'Bearer outer' });
  });

  it('replaces an earlier header only when told to', async () => {
    const settings = settingsOf({ jsonData: { apiKeyHeader: 'Authorization' }, secrets: { apiKey: 'k' } });
    const req = await sent(
      apiKeyAuth(settings, { overwrite: true }),
      request('/x', { headers: { authorization: 'x' } }),
    );
    expect(req.headers).toEqual({ Authorization: 'k' });
  });

  it('scrubs the key from the response URL in query mode', async () => {
    const settings = settingsOf({ jsonData: { apiKeyIn: 'query' }, secrets: { apiKey: 'query-secret-1' } });
    const { fetch } = recordingFetch((req) => response(200, {}, `http://h${req.url}`));
    const res = await apiKeyAuth(settings)(fetch)(request('/data'));
    expect(res.url).toBe('http://h/data?api_key=[redacted]');
  });

  it('refuses an unknown apiKeyIn and a missing key with the field named', () => {
    expect(() =>
      apiKeyAuth(settingsOf({ jsonData: { apiKeyIn: 'cookie' }, secrets: { apiKey: 'k' } })),
    ).toThrow(/jsonData.apiKeyIn must be "header" or "query"/);
    expect(() => apiKeyAuth(settingsOf({}))).toThrow(SettingsError);
    expect(() => apiKeyAuth(settingsOf({}))).toThrow(/secureJsonData.apiKey is empty/);
  });

  it('never reads the key from jsonData', () => {
    expect(() => apiKeyAuth(settingsOf({ jsonData: { apiKey: 'visible-to-viewers' } }))).toThrow(
      /secureJsonData.apiKey/,
    );
  });

  it('refuses a key with a line break, without showing it', () => {
    const attempt = () => apiKeyAuth(settingsOf({ secrets: { apiKey: 'abc\r\nX-Evil: 1' } }));
    expect(attempt).toThrow(/secureJsonData.apiKey contains a line break/);
    expect(attempt).not.toThrow(/X-Evil/);
  });
});

describe('addQueryParam', () => {
  it('keeps a parameter of the same name that is already there', () => {
    expect(addQueryParam('https://h/p?api_key=mine', 'api_key', 'k')).toBe('https://h/p?api_key=mine');
    expect(addQueryParam('https://h/p', 'api_key', 'k')).toBe('https://h/p?api_key=k');
  });
});

describe('basicAuth', () => {
  it("sends Grafana's basic auth user and password", async () => {
    const settings = settingsOf({ basicAuthUser: 'bob', secrets: { basicAuthPassword: 'pässword' } });
    const req = await sent(basicAuth(settings));
    expect(req.headers).toEqual({ Authorization: `Basic ${Buffer.from('bob:pässword').toString('base64')}` });
  });

  it('names what is missing', () => {
    expect(() => basicAuth(settingsOf({ secrets: { basicAuthPassword: 'p' } }))).toThrow(
      /user name is empty/,
    );
    expect(() => basicAuth(settingsOf({ basicAuthUser: 'bob' }))).toThrow(/secureJsonData.basicAuthPassword/);
    expect(() =>
      basicAuth(settingsOf({ basicAuthUser: 'a:b', secrets: { basicAuthPassword: 'p' } })),
    ).toThrow(/cannot contain ":"/);
  });
});

describe('bearerAuth', () => {
  it('sends secureJsonData.bearerToken, else accessToken', async () => {
    expect((await sent(bearerAuth(settingsOf({ secrets: { bearerToken: 't1' } })))).headers).toEqual({
      Authorization: 'Bearer t1',
    });
    expect((await sent(bearerAuth(settingsOf({ secrets: { accessToken: 't2' } })))).headers).toEqual({
      Authorization: 'Bearer t2',
    });
  });

  it('names both keys when neither is set', () => {
    expect(() => bearerAuth(settingsOf({}))).toThrow(
      /secureJsonData.bearerToken or secureJsonData.accessToken/,
    );
  });
});

describe('customHeaders', () => {
  it("sends Grafana's httpHeaderName/httpHeaderValue pairs in index order, gaps allowed", async () => {
    const settings = settingsOf({
      jsonData: { httpHeaderName3: 'X-Three', httpHeaderName1: 'X-One', httpHeaderName2: '' },
      secrets: { httpHeaderValue1: 'one', httpHeaderValue3: 'three' },
    });
    const req = await sent(customHeaders(settings));
    expect(Object.entries(req.headers ?? {})).toEqual([
      ['X-One', 'one'],
      ['X-Three', 'three'],
    ]);
  });

  it('passes requests through unchanged when none are configured', async () => {
    const { fetch } = recordingFetch();
    expect(customHeaders(settingsOf({}))(fetch)).toBe(fetch);
  });

  it('refuses an invalid header name and a duplicate, naming the fields', () => {
    expect(() => customHeaders(settingsOf({ jsonData: { httpHeaderName1: 'Bad Name' } }))).toThrow(
      /jsonData.httpHeaderName1 is not a valid HTTP header name/,
    );
    expect(() =>
      customHeaders(settingsOf({ jsonData: { httpHeaderName1: 'X-A', httpHeaderName2: 'x-a' } })),
    ).toThrow(/Custom headers 1 and 2 both set "x-a"/);
  });

  it('a custom Authorization header outside a provider wins over it, as in Grafana', async () => {
    const settings = settingsOf({
      jsonData: { httpHeaderName1: 'Authorization' },
      secrets: { httpHeaderValue1: 'Custom c', bearerToken: 'b' },
    });
    const { fetch, requests } = recordingFetch();
    await customHeaders(settings)(bearerAuth(settings)(fetch))(request('/x'));
    expect(requests[0]!.headers).toEqual({ Authorization: 'Custom c' });
  });
});
