import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** A failed registry call, with the registry's own message when it sent one. */
export class RegistryClientError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'RegistryClientError';
  }
}

/** Registry base URL without a trailing slash (and without a trailing /api/plugins). */
export function registryBase(url: string): string {
  return url.replace(/\/+$/, '').replace(/\/api\/plugins$/, '');
}

/**
 * Streams a file as a POST body with a content-length (so the registry can refuse an oversized
 * upload before reading it) and returns the parsed JSON reply.
 */
export async function uploadFile(
  url: string,
  file: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const size = (await stat(file)).size;
  const u = new URL(url);
  const req = (u.protocol === 'https:' ? httpsRequest : httpRequest)(u, {
    method: 'POST',
    headers: { ...headers, 'content-length': String(size) },
  });
  return new Promise((resolve, reject) => {
    req.on('error', (err) =>
      reject(new RegistryClientError(`cannot reach the registry at ${u.origin}: ${err.message}`)),
    );
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: Record<string, unknown>;
        try {
          body = JSON.parse(text) as Record<string, unknown>;
        } catch {
          body = { message: text.slice(0, 500) };
        }
        resolve({ status: res.statusCode ?? 0, body });
      });
    });
    createReadStream(file).on('error', reject).pipe(req);
  });
}

/** POST a JSON body → status and parsed JSON reply (the caller decides what a status means). */
export async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  } catch (err) {
    throw new RegistryClientError(`cannot reach the registry at ${new URL(url).origin}: ${causeOf(err)}`);
  }
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text) as Record<string, unknown> };
  } catch {
    return { status: res.status, body: { message: text.slice(0, 500) } };
  }
}

/** fetch() wraps network errors as "fetch failed"; the cause (ECONNREFUSED, ENOTFOUND…) is what helps. */
function causeOf(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err as Error).message;
}

/** GET → JSON, with the registry's message on failure. */
export async function getJson<T>(url: string, headers: Record<string, string> = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { headers });
  } catch (err) {
    throw new RegistryClientError(`cannot reach the registry at ${new URL(url).origin}: ${causeOf(err)}`);
  }
  const text = await res.text();
  if (!res.ok) {
    let msg = text;
    try {
      msg = (JSON.parse(text) as { message?: string }).message ?? text;
    } catch {
      /* not JSON */
    }
    throw new RegistryClientError(`${res.status} from ${new URL(url).pathname}: ${msg}`, res.status);
  }
  return JSON.parse(text) as T;
}
