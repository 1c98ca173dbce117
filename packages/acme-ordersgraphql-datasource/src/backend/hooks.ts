/**
 * Your extension points: change requests, responses and frames of every query without editing
 * the generated files (`update` never overwrites this file).
 */
import type { OperationHooks, QueryContext } from '@dsforge/kit';

import { BASE_PATH } from '../generated';

/** Hooks for every query (see `OperationHooks` in @dsforge/kit). */
export const hooks: OperationHooks = {
  // beforeRequest(req, { operation }) {
  //   return { ...req, headers: { ...req.headers, 'x-source': 'grafana' } };
  // },
  // afterResponse(body) {
  //   return body;
  // },
};

/** "Save & test": one cheap authenticated request; a failure says what is wrong (auth, URL, ...). */
export async function checkHealth(ctx: QueryContext): Promise<string> {
  await ctx.fetch({
    url: BASE_PATH,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ __typename }' }),
    signal: ctx.signal,
    idempotent: true,
  });
  return 'Connected to orders';
}
