import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { droppedConnectionOf } from './faultPlan.js';
import { CORS_HEADERS } from './cors.js';
import { readNodeRequest } from '../node/nodeRequest.js';
import { sendResponse } from '../node/nodeResponse.js';
import type { PlatformEmulator } from './platformEmulator.js';
import { DEFAULT_MAX_BODY_BYTES } from './requestBody.js';
import { methodNotAllowed, respond } from './respond.js';
import { allowedMethods } from './routes.js';

export interface ListenOptions {
  /** @default 0 (any free port) */
  readonly port?: number;
  /** @default '127.0.0.1' (loopback only) */
  readonly host?: string;
  /**
   * The largest request body read, in bytes. A larger one (declared by
   * `Content-Length` or counted as it streams in) is answered 413 and the
   * connection closed: the rest is never read. The emulator's own
   * `maxBodyBytes` still applies to what gets through.
   * @default 1_048_576 (1 MiB)
   */
  readonly maxBodyBytes?: number;
}

export interface EmulatorServer {
  /** `http://127.0.0.1:PORT`, without a trailing slash. */
  readonly url: string;
  readonly port: number;
  /** Stops accepting, ends open connections, and resolves once closed. */
  close(): Promise<void>;
}

/** A Web-standard handler, such as `emulator.handle` wrapped in your own middleware. */
export type EmulatorHandler = (request: Request) => Promise<Response>;

function headersOf(response: Response): Record<string, string> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => {
    headers[key] = value;
  });
  return headers;
}

/**
 * An injected drop after the work: the answer's status and headers, half its
 * body, then the connection ends before the body does. Chunked, so the body
 * is unfinished even when the answer has none; and bytes are sent, because a
 * browser re-sends a request, unasked, whose kept-alive connection closed
 * with nothing received, and so one drop would go unseen and spend two.
 */
async function sendCut(answer: Response, outgoing: ServerResponse, socket: Duplex): Promise<void> {
  const body = new Uint8Array(await answer.arrayBuffer());
  const headers = headersOf(answer);
  delete headers['content-length'];
  outgoing.writeHead(answer.status, { ...headers, 'transfer-encoding': 'chunked' });
  if (body.byteLength > 1) outgoing.write(body.subarray(0, Math.floor(body.byteLength / 2)));
  else outgoing.flushHeaders();
  // Ending the socket, not the response: what was written goes out, then the connection closes mid-body.
  socket.end();
}

function refuse(status: number, error: string, extraHeaders: Record<string, string> = {}): Response {
  return respond({ status, body: { error } }, extraHeaders);
}

/** An answer written straight to a socket, where Node gives no response object (CONNECT, parse errors); then it closes. */
function writeRaw(socket: Duplex, status: number, error: string, extraHeaders: Record<string, string> = {}): void {
  const body = JSON.stringify({ error });
  const headers = { ...CORS_HEADERS, ...extraHeaders, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), connection: 'close' };
  const head = [`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`, ...Object.entries(headers).map(([key, value]) => `${key}: ${value}`)];
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`, () => socket.destroy());
}

// The status Node itself gives the parse errors it names; anything else is a plain 400.
const PARSE_ERRORS: Readonly<Record<string, { readonly status: number; readonly error: string }>> = {
  HPE_HEADER_OVERFLOW: { status: 431, error: 'request header fields too large' },
  HPE_CHUNK_EXTENSIONS_OVERFLOW: { status: 413, error: 'chunk extensions too large' },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, error: 'request timeout' },
};

/**
 * Serves the emulator (or any Web-standard handler) over Node's HTTP server.
 * Client garbage is answered as a real API would, never with a 500: a bad or
 * missing `Host` is 400, a method no route serves is 405 with `Allow`, a body
 * over `maxBodyBytes` is 413, an unparsable request is 400; every error body is
 * `{ "error": … }`.
 *
 * @example
 * import { listen } from 'turso-groups-store/emulator/node'
 * const server = await listen(createPlatformEmulator({ org: 'demo', token: 'dev-token' }))
 * // … fetch(`${server.url}/v1/organizations/demo/groups`) …
 * await server.close()
 */
export async function listen(target: PlatformEmulator | EmulatorHandler, options: ListenOptions = {}): Promise<EmulatorServer> {
  const handle = typeof target === 'function' ? target : target.handle;
  const host = options.host ?? '127.0.0.1';
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  // Set once listening: request URLs are built on the server's own address, never on `Host`.
  let origin = '';
  // Sockets with an answer on the way: a parse error there must not write into it.
  const answering = new WeakMap<Duplex, number>();

  async function serve(incoming: IncomingMessage, outgoing: ServerResponse, signal: AbortSignal): Promise<void> {
    const read = await readNodeRequest(incoming, { origin, maxBodyBytes, signal });
    if (read.kind === 'method') return sendResponse(methodNotAllowed(allowedMethods(read.url.pathname)), outgoing);
    if (read.kind === 'refused') return sendResponse(refuse(read.status, read.error, read.close ? { connection: 'close' } : {}), outgoing);
    return sendResponse(await handle(read.request), outgoing);
  }

  // `requireHostHeader: false`: the Host check is ours, so its 400 carries a JSON body too.
  const server = createServer({ requireHostHeader: false }, (incoming, outgoing) => {
    const socket = incoming.socket;
    answering.set(socket, (answering.get(socket) ?? 0) + 1);
    const controller = new AbortController();
    outgoing.on('close', () => {
      answering.set(socket, (answering.get(socket) ?? 1) - 1);
      if (!outgoing.writableFinished) controller.abort();
    });
    serve(incoming, outgoing, controller.signal).catch(async (error: unknown) => {
      const dropped = droppedConnectionOf(error);
      if (dropped?.answer !== undefined && !outgoing.headersSent && !controller.signal.aborted) {
        await sendCut(dropped.answer, outgoing, socket).catch(() => socket.destroy());
        return;
      }
      if (dropped !== undefined || controller.signal.aborted || incoming.destroyed) {
        socket.destroy();
        return;
      }
      // Only the handler itself failing gets here: the emulator's own bug, so a 500 is the truth.
      if (!outgoing.headersSent) {
        outgoing.writeHead(500, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
      }
      outgoing.end(JSON.stringify({ error: 'emulator error' }));
    });
  });
  // CONNECT never reaches the request listener; without this Node would just hang up.
  server.on('connect', (_incoming: IncomingMessage, socket: Duplex) => {
    writeRaw(socket, 405, 'method not allowed', { allow: allowedMethods('') });
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable || (answering.get(socket) ?? 0) > 0) {
      socket.destroy();
      return;
    }
    const refusal = PARSE_ERRORS[error.code ?? ''] ?? { status: 400, error: 'bad request' };
    writeRaw(socket, refusal.status, refusal.error);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('emulator: server has no TCP address');
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  origin = `http://${urlHost}:${address.port}`;
  return {
    url: origin,
    port: address.port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
