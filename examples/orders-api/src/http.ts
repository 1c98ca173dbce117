/**
 * Small HTTP helpers of the orders server: JSON answers in the spec's `Error` shape, request
 * bodies, and strict query parameter parsing (a bad parameter is a 400 naming it).
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

import { InvalidRequestError } from './cursor';

/** An error answer: HTTP status plus the spec's `Error` body (`code`, `message`). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Writes a JSON answer. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
  });
  res.end(text);
}

/** Reads a JSON request body (max 1 MiB); an empty body is `undefined`. */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 1 << 20) throw new HttpError(413, 'too_large', 'request body is over 1 MiB');
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new InvalidRequestError(`request body is not valid JSON: ${(e as Error).message}`);
  }
}

/** Parses an integer in [min, max]; `name` goes into the error message. */
export function intParam(name: string, raw: unknown, min: number, max: number): number {
  const n =
    typeof raw === 'number' ? raw : typeof raw === 'string' && /^-?\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new InvalidRequestError(`${name} must be between ${min} and ${max}`);
  }
  return n;
}

/** Parses a number (JSON number or numeric string). */
export function numberParam(name: string, raw: unknown): number {
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  if (!Number.isFinite(n)) throw new InvalidRequestError(`${name} must be a number`);
  return n;
}

/** Parses an RFC 3339 date-time to epoch ms. */
export function timeParam(name: string, raw: unknown): number {
  const ms =
    typeof raw === 'string' &&
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i.test(raw)
      ? Date.parse(raw)
      : NaN;
  if (Number.isNaN(ms)) {
    throw new InvalidRequestError(`${name} must be an RFC 3339 date-time such as 2026-01-15T09:30:00Z`);
  }
  return ms;
}

/** Checks a value is one of `allowed`. */
export function enumParam<T extends string>(name: string, raw: unknown, allowed: readonly T[]): T {
  if (typeof raw !== 'string' || !(allowed as readonly string[]).includes(raw)) {
    throw new InvalidRequestError(`${name} must be one of ${allowed.join(', ')}`);
  }
  return raw as T;
}
