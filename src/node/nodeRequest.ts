import type { IncomingMessage } from 'node:http';
import { isValidHost } from './hostHeader.js';

// Turning Node's IncomingMessage into a Web Request is where client garbage
// arrives: everything here refuses it with a status instead of throwing.
// Shared by the emulator's Node server and the proxy's Node adapter, which
// each answer a refusal in their own words (the emulator's with CORS).

/** What a request turned out to be, before any handler sees it. */
export type NodeRequest =
  | { readonly kind: 'request'; readonly request: Request }
  /** What the client got wrong; `close`: answer, then close the connection (a body left unread). */
  | { readonly kind: 'refused'; readonly status: 400 | 413; readonly error: string; readonly close: boolean }
  /** A method no Web `Request` can carry (TRACE, TRACK, CONNECT), on `url`: answer 405 with `Allow`. */
  | { readonly kind: 'method'; readonly url: URL };

export interface ReadNodeRequestOptions {
  /**
   * `scheme://host[:port]` the request's URL is built on (the path and query
   * come from the request line); without it, the request's own `Host` (or
   * `localhost` for an HTTP/1.0 request without one), on `https` over TLS.
   */
  readonly origin?: string | undefined;
  /**
   * The request target, as on the request line.
   * @default incoming.url
   */
  readonly target?: string | undefined;
  /** The largest body read, declared or counted; a larger one is refused with 413. */
  readonly maxBodyBytes: number;
  /** The handler's `request.signal`: fire it when the client goes away. */
  readonly signal: AbortSignal;
}

/** Methods no Web `Request` can carry (the Fetch standard forbids them): the handler never sees them. */
const FORBIDDEN_METHODS: ReadonlySet<string> = new Set(['CONNECT', 'TRACE', 'TRACK']);

function refused(status: 400 | 413, error: string, close = false): NodeRequest {
  return { kind: 'refused', status, error, close };
}

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/**
 * The URL the handler gets: `origin`, then the path and query the request
 * names. Origin-form (`/path?q`) is appended as it is (so `//x` stays a path,
 * never a host); absolute-form (`http://host/path`) gives only its path;
 * anything else (`*`, an authority, garbage) is `undefined`. The URL parser
 * resolves `.`/`..` (also as `%2e`) and turns `\` into `/`, as every Web
 * `Request` does.
 */
export function requestUrl(origin: string, target: string): URL | undefined {
  if (target.startsWith('/')) return parse(`${origin}${target}`);
  const absolute = parse(target);
  if (absolute === undefined || (absolute.protocol !== 'http:' && absolute.protocol !== 'https:')) return undefined;
  return parse(`${origin}${absolute.pathname}${absolute.search}`);
}

/** The `Host` lines, as sent (Node keeps only the first in `headers`). */
function hostLines(incoming: IncomingMessage): string[] {
  const lines: string[] = [];
  for (let i = 0; i < incoming.rawHeaders.length; i += 2) {
    if (incoming.rawHeaders[i]?.toLowerCase() === 'host') lines.push(incoming.rawHeaders[i + 1] ?? '');
  }
  return lines;
}

/**
 * The one valid `Host`, `null` for an HTTP/1.0 request without one, or the
 * refusal: HTTP/1.1 requires exactly one valid Host line (RFC 9112 §3.2).
 */
function hostOf(incoming: IncomingMessage): string | null | NodeRequest {
  const lines = hostLines(incoming);
  if (lines.length > 1) return refused(400, 'more than one Host header');
  const [host] = lines;
  if (host === undefined) return incoming.httpVersion === '1.0' ? null : refused(400, 'missing Host header');
  return isValidHost(host) ? host : refused(400, 'invalid Host header');
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
function readBody(incoming: IncomingMessage, maxBytes: number): Promise<Uint8Array<ArrayBuffer> | 'too_large'> {
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
function toRequest(incoming: IncomingMessage, url: URL, body: Uint8Array<ArrayBuffer>, signal: AbortSignal): Request {
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

/**
 * The Web Request for `incoming`, or why there is none: a bad or missing
 * `Host`, a request target that is no path, a method no Request can carry, a
 * body over the limit (read no further), or a header or method a Request
 * refuses. Never throws on what a client sends; rejects only when the
 * client's stream fails (a dropped upload), and then nobody is left to answer.
 */
export async function readNodeRequest(incoming: IncomingMessage, options: ReadNodeRequestOptions): Promise<NodeRequest> {
  const host = hostOf(incoming);
  if (typeof host === 'object' && host !== null) return host;
  const tls = (incoming.socket as { encrypted?: unknown }).encrypted === true;
  const url = requestUrl(options.origin ?? `${tls ? 'https' : 'http'}://${host ?? 'localhost'}`, options.target ?? incoming.url ?? '');
  if (url === undefined) return refused(400, 'invalid request target');
  if (FORBIDDEN_METHODS.has(incoming.method ?? '')) return { kind: 'method', url };
  const body = await readBody(incoming, options.maxBodyBytes);
  if (body === 'too_large') return refused(413, 'request body too large', true);
  try {
    return { kind: 'request', request: toRequest(incoming, url, body, options.signal) };
  } catch {
    // A header value or method a Web Request refuses: the client's garbage, not the server's failure.
    return refused(400, 'invalid request');
  }
}
