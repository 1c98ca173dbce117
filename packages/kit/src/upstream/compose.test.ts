import { upstreamMiddleware, type Fetch, type UpstreamMiddleware } from '../types';
import { composeUpstream } from './compose';
import { makeResponse } from './response';

const signal = () => new AbortController().signal;

function logging(name: string, log: string[]): UpstreamMiddleware {
  return upstreamMiddleware(name, (next) => async (req) => {
    log.push(`${name} in`);
    const res = await next(req);
    log.push(`${name} out`);
    return res;
  });
}

describe('composeUpstream', () => {
  it('runs the first middleware outermost, in exactly the listed order', async () => {
    const log: string[] = [];
    const bottom: Fetch = async (req) => {
      log.push('bottom');
      return makeResponse(200, {}, new Uint8Array(), req.url);
    };
    const fetch = composeUpstream([logging('a', log), logging('b', log), logging('c', log)], bottom);
    await fetch({ url: 'http://u/x', signal: signal() });
    expect(log).toEqual(['a in', 'b in', 'c in', 'bottom', 'c out', 'b out', 'a out']);
  });

  it('returns the bottom itself for an empty list', () => {
    const bottom: Fetch = async (req) => makeResponse(200, {}, new Uint8Array(), req.url);
    expect(composeUpstream([], bottom)).toBe(bottom);
  });

  it('refuses duplicate names when the chain is built, naming the duplicate and the chain', () => {
    const log: string[] = [];
    const bottom: Fetch = async (req) => makeResponse(200, {}, new Uint8Array(), req.url);
    expect(() =>
      composeUpstream([logging('auth', log), logging('ua', log), logging('auth', log)], bottom),
    ).toThrow('Upstream middleware "auth" appears twice in the chain [auth, ua, auth]; remove one.');
  });

  it('refuses a middleware without a name', () => {
    const bottom: Fetch = async (req) => makeResponse(200, {}, new Uint8Array(), req.url);
    const anonymous = ((next: Fetch) => next) as unknown as UpstreamMiddleware;
    expect(() => composeUpstream([anonymous], bottom)).toThrow('Upstream middleware #0 has no name');
  });
});
