import type { IncomingMessage } from 'node:http';
import { isValidHost } from './hostHeader.js';

// Turning Node's IncomingMessage into a Web Request is where client garbage
// arrives: everything here refuses it with a status instead of throwing.

/** What the client got wrong, answered without calling the handler. */
export interface Refusal {
  readonly status: 400 | 413;
  readonly error: string;
}

/** Methods no Web `Request` can carry (the Fetch standard forbids them): the handler never sees them. */
export const FORBIDDEN_METHODS: ReadonlySet<string> = new Set(['CONNECT', 'TRACE', 'TRACK']);

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/**
 * The URL the handler gets: the server's own origin, then the path and query
 * the request names. Origin-form (`/path?q`) is appended as it is (so `//x`
 * stays a path, never a host); absolute-form (`http://host/path`) gives only
 * its path; anything else (`*`, an authority, garbage) is `undefined`.
 */
export function requestUrl(origin: string, target: string): URL | undefined {
  if (target.startsWith('/')) return parse(`${origin}${target}`);
  const absolute = parse(target);
  if (absolute === undefined || (absolute.protocol !== 'http:' && absolute.protocol !== 'https:')) return undefined;
  return parse(`${origin}${absolute.pathname}${absolute.search}`);
}

/** A `Host` problem: HTTP/1.1 requires exactly one valid Host line (RFC 9112 §3.2). */
export function hostProblem(incoming: IncomingMessage): Refusal | undefined {
  const lines: string[] = [];
  for (let i = 0; i < incoming.rawHeaders.length; i += 2) {
    if (incoming.rawHeaders[i]?.toLowerCase() === 'host') lines.push(incoming.rawHeaders[i + 1] ?? '');
  }
  if (lines.length > 1) return { status: 400, error: 'more than one Host header' };
  const [host] = lines;
  if (host === undefined) return incoming.httpVersion === '1.0' ? undefined : { status: 400, error: 'missing Host header' };
  return isValidHost(host) ? undefined : { status: 400, error: 'invalid Host header' };
}

function declaredLength(incoming: IncomingMessage): number | undefined {
  const value = incoming.headers['content-length'];
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}

/**
 * The whole body, or `'too_large'` once more than `maxBytes` is declared or
 * has arrived. Then the stream is paused and left: the caller answers 413 and
 * closes the connection, so the rest is never read, let alone kept.
 */
export function readBody(incoming: IncomingMessage, maxBytes: number): Promise<Uint8Array<ArrayBuffer> | 'too_large'> {
  if ((declaredLength(incoming) ?? 0) > maxBytes) return Promise.resolve('too_large');
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const stop = (): void => {
      incoming.off('data', onData).off('end', onEnd).off('error', reject);
    };
    const onData = (chunk: Buffer): void => {
      received += chunk.byteLength;
      if (received > maxBytes) {
        stop();
        incoming.pause();
        resolve('too_large');
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      stop();
      resolve(new Uint8Array(Buffer.concat(chunks)));
    };
    incoming.on('data', onData).on('end', onEnd).on('error', reject);
  });
}

/** The Web Request the handler gets; it throws on what a Request cannot hold. */
export function toRequest(incoming: IncomingMessage, url: URL, body: Uint8Array<ArrayBuffer>, signal: AbortSignal): Request {
  const headers = new Headers();
  for (const [key, value] of Object.entries(incoming.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(key, item);
  }
  const method = incoming.method ?? 'GET';
  // A GET or HEAD body was read (and counted) only to be dropped: a Request cannot carry one.
  const carriesBody = method !== 'GET' && method !== 'HEAD';
  return new Request(url, { method, headers, body: carriesBody ? body : null, signal });
}
