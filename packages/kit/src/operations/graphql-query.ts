/**
 * {@link graphqlQuery}: the query function of a GraphQL-generated datasource. It POSTs the
 * operation's document (or the query's own) with the parameters as variables, follows Relay
 * connections with `first`/`after`, maps GraphQL `errors` to DsErrors and shapes the rows like
 * {@link openApiQuery}.
 * @module
 */
import type { Frame, Notice } from '@dsforge/backend';

import { dsError, type DsError } from '../errors';
import type { QueryFn } from '../types';
import { applyTimeRange } from './macros';
import { DEFAULT_OPERATION_MAX_PAGES } from './openapi-query';
import { filterRows, planFilters } from './filters';
import { fetchRows, type SendPage } from './paging';
import { checkRequired, parseOperationQuery } from './parse';
import { decodeBody, rowsToFrame } from './shape';
import type {
  OperationHookContext,
  OperationParamSpec,
  OperationQueryOptions,
  OperationRequest,
} from './types';
import type { OperationSpec } from './types';

/** A GraphQL error as servers send it. */
interface GraphqlError {
  message?: string;
  extensions?: { code?: string };
  path?: (string | number)[];
}

const INVALID_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT']);
const INVALID_TEXT =
  /^(Syntax Error|Cannot query field|Unknown argument|Unknown type|Variable "\$|Field "|Argument ")/;

/**
 * The DsError for GraphQL `errors` without data: `invalid_query` for parse/validation/input
 * errors (the document or variables are wrong), `authentication_failed`/`authorization_failed`
 * for `UNAUTHENTICATED`/`FORBIDDEN`, else `server_error`. The message quotes the first error.
 */
export function graphqlError(errors: readonly GraphqlError[]): DsError {
  const first = errors[0] ?? {};
  const code = first.extensions?.code ?? '';
  const text = (first.message ?? 'unknown error').slice(0, 500);
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  const details = {
    graphqlErrors: errors.slice(0, 5).map((e) => ({ message: e.message, code: e.extensions?.code })),
  };
  if (INVALID_CODES.has(code) || INVALID_TEXT.test(text))
    return dsError('invalid_query', {
      message: `The GraphQL API rejected the query: ${text}${more}`,
      suggestion: 'Check the query document and its variables in the query editor.',
      details,
    });
  if (code === 'UNAUTHENTICATED') return dsError('authentication_failed', { details });
  if (code === 'FORBIDDEN') return dsError('authorization_failed', { details });
  return dsError('server_error', { message: `The GraphQL API failed: ${text}${more}`, details });
}

/** Variables from parameter values: empty ones left out, numbers and booleans typed. */
function variables(
  params: readonly OperationParamSpec[],
  values: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of params) {
    let v = values[p.name];
    if (v === undefined || v === null || v === '') continue;
    if (
      (p.type === 'integer' || p.type === 'number') &&
      typeof v === 'string' &&
      v.trim() !== '' &&
      !isNaN(Number(v))
    )
      v = Number(v);
    if (p.type === 'boolean' && typeof v === 'string') v = v === 'true';
    if ((p.type === 'object' || p.type === 'array') && typeof v === 'string' && /^\s*[[{]/.test(v)) {
      try {
        v = JSON.parse(v);
      } catch {
        // left as text: the server names the bad variable
      }
    }
    out[p.name] = v;
  }
  return out;
}

/**
 * Returns the query function for GraphQL `operations`. The endpoint is the datasource URL
 * joined with `opts.basePath` (default `''`: the URL is the endpoint). Relay pagination applies
 * when the operation has it and the document declares the `$after` variable; GraphQL errors next
 * to data become a warning notice (a partial result), errors without data a DsError (see
 * {@link graphqlError}).
 *
 * @example
 * serve(createDatasource({ query: graphqlQuery(operations) }));
 */
export function graphqlQuery<I = unknown>(
  operations: readonly OperationSpec[],
  opts: OperationQueryOptions<I> = {},
): QueryFn<import('./types').OperationQuery, I> {
  const maxPagesLimit = opts.maxPages ?? DEFAULT_OPERATION_MAX_PAGES;
  return async (q, ctx) => {
    const { query, operation } = parseOperationQuery(q.json ?? q.query, operations);
    const plan = planFilters(operation, query.filters ?? [], query.params ?? {});
    const values = applyTimeRange(operation.params, { ...query.params, ...plan.params }, q.timeRange);
    checkRequired(operation, values);
    const document = query.document ?? operation.document ?? '';
    const pg = operation.pagination;
    const paginates = pg !== undefined && new RegExp(`\\$${pg.requestParam}\\b`).test(document);
    const vars = variables(operation.params, values);
    const base: OperationRequest = {
      method: 'POST',
      url: opts.basePath ?? '',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: { query: document, variables: vars },
    };
    const dq = { ...q, query };
    const hc = (page: number): OperationHookContext<I> => ({ query: dq, operation, ctx, page });
    const notices: Notice[] = [];
    const send: SendPage = async (req, page) => {
      const r = (await opts.beforeRequest?.(req, hc(page))) ?? req;
      const res = await ctx.fetch({
        url: r.url,
        method: r.method,
        headers: r.headers,
        body: JSON.stringify(r.body),
        signal: ctx.signal,
        idempotent: true,
      });
      let body = decodeBody(res) as { data?: unknown; errors?: GraphqlError[] } | null;
      if (opts.afterResponse) {
        const replaced = await opts.afterResponse(body, res, hc(page));
        if (replaced !== undefined) body = replaced as typeof body;
      }
      const errors = Array.isArray(body?.errors) ? body.errors : [];
      if (errors.length > 0) {
        if (body?.data === null || body?.data === undefined) throw graphqlError(errors);
        notices.push({
          severity: 'warning',
          text: `Partial result: the GraphQL API reported ${errors.length} error(s), first: ${errors[0]?.message ?? ''}`,
        });
      }
      return { body, headers: res.headers };
    };
    // Relay cursors travel as the `after` variable, i.e. inside the JSON body.
    const paging = paginates
      ? { ...operation, pagination: { ...pg!, requestIn: 'body' as const } }
      : { ...operation, pagination: undefined };
    const sendWithVars: SendPage = (req, page) => {
      const b = req.body as { query: string; variables: Record<string, unknown>; [k: string]: unknown };
      if (!paginates || !(pg!.requestParam in b) || b.variables === undefined) return send(req, page);
      const { [pg!.requestParam]: cursor, ...rest } = b;
      return send(
        { ...req, body: { ...rest, variables: { ...b.variables, [pg!.requestParam]: cursor } } },
        page,
      );
    };
    const paged = await fetchRows(paging, query, base, vars, sendWithVars, {
      signal: ctx.signal,
      maxPages: Math.min(query.maxPages ?? maxPagesLimit, maxPagesLimit),
      maxRows: opts.maxRows ?? 100_000,
    });
    const filtered = filterRows(paged.rows, plan.clientSide);
    const frame = rowsToFrame(filtered.rows, operation, query);
    frame.meta = { ...frame.meta, executedQueryString: document };
    let frames: Frame[] = [frame];
    if (opts.afterFrames) frames = await opts.afterFrames(frames, { query: dq, operation, ctx });
    return {
      frames,
      notices: [...notices, ...paged.notices, ...(filtered.notice ? [filtered.notice] : [])],
    };
  };
}
