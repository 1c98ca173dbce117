import {
  downstreamError,
  errorSourceFromHttpStatus,
  isErrorWithSource,
  PluginError,
  pluginError,
  toErrorResponse,
} from './error-source';

describe('toErrorResponse', () => {
  it('reports a plain thrown error as a 500 plugin error with its message and no stack', () => {
    const r = toErrorResponse(new Error('boom'));
    expect(r).toEqual({ error: 'boom', status: 500, errorSource: 'plugin' });
  });

  it('honours status and source on any error-shaped value, including other copies of the package', () => {
    const foreign = Object.assign(new Error('rate limited'), { status: 429, errorSource: 'downstream' });
    expect(toErrorResponse(foreign)).toEqual({
      error: 'rate limited',
      status: 429,
      errorSource: 'downstream',
    });
    expect(toErrorResponse({ message: 'x', statusCode: 404, source: 'downstream' })).toEqual({
      error: 'x',
      status: 404,
      errorSource: 'downstream',
    });
  });

  it('ignores invalid statuses and sources', () => {
    expect(toErrorResponse(Object.assign(new Error('e'), { status: 42, source: 'moon' }))).toEqual({
      error: 'e',
      status: 500,
      errorSource: 'plugin',
    });
  });

  it('handles thrown non-errors', () => {
    expect(toErrorResponse('just a string').error).toBe('just a string');
    expect(toErrorResponse(undefined).error).toBe('undefined');
    expect(toErrorResponse(new Error('')).error).toBe('unknown error');
  });
});

describe('error helpers', () => {
  it('downstreamError marks the source and keeps the cause', () => {
    const cause = new Error('ECONNREFUSED');
    const e = downstreamError(cause, 503);
    expect(e).toBeInstanceOf(PluginError);
    expect(e.source).toBe('downstream');
    expect(e.status).toBe(503);
    expect(e.message).toBe('ECONNREFUSED');
    expect(e.cause).toBe(cause);
    expect(toErrorResponse(e)).toEqual({ error: 'ECONNREFUSED', status: 503, errorSource: 'downstream' });
  });

  it('pluginError defaults to 500 and takes a wrapped error’s status', () => {
    expect(pluginError('bad query', 400).status).toBe(400);
    expect(pluginError('oops').status).toBe(500);
    expect(downstreamError(Object.assign(new Error('nf'), { status: 404 })).status).toBe(404);
  });

  it('isErrorWithSource checks by shape', () => {
    expect(isErrorWithSource(downstreamError('x'))).toBe(true);
    expect(isErrorWithSource({ message: 'y', errorSource: 'plugin' })).toBe(true);
    expect(isErrorWithSource(new Error('z'))).toBe(false);
    expect(isErrorWithSource(null)).toBe(false);
  });

  it('errorSourceFromHttpStatus blames the upstream except for malformed-request statuses, like the Go SDK', () => {
    expect(errorSourceFromHttpStatus(502)).toBe('downstream');
    expect(errorSourceFromHttpStatus(400)).toBe('downstream');
    expect(errorSourceFromHttpStatus(401)).toBe('downstream');
    expect(errorSourceFromHttpStatus(429)).toBe('downstream');
    expect(errorSourceFromHttpStatus(405)).toBe('plugin');
    expect(errorSourceFromHttpStatus(413)).toBe('plugin');
    expect(errorSourceFromHttpStatus(501)).toBe('plugin');
  });
});
