import type { IncomingMessage, ServerResponse } from 'node:http';
import { isDroppedConnection } from './faultPlan.js';

export interface ListenOptions {
  /** @default 0 (any free port) */
  readonly port?: number;
  /** @default '127.0.0.1' (loopback only) */
  readonly host?: string;
}

export interface EmulatorServer {
  /** `http://127.0.0.1:PORT`, without a trailing slash. */
  readonly url: string;
  readonly port: number;
  /** Stops accepting, ends open connections, and resolves once closed. */
  close(): Promise<void>;
}

type Handler = (request: Request) => Promise<Response>;

async function toRequest(incoming: IncomingMessage, origin: string, signal: AbortSignal): Promise<Request> {
  const headers = new Headers();
  for (const [key, value] of Object.entries(incoming.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(key, item);
  }
  const method = incoming.method ?? 'GET';
  let body: Buffer | undefined;
  if (method !== 'GET' && method !== 'HEAD') {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    body = Buffer.concat(chunks);
  }
  return new Request(new URL(incoming.url ?? '/', origin), { method, headers, body: body ? new Uint8Array(body) : null, signal });
}

/** Sends the status and headers at once, then the body as it comes (a stalled one never ends). */
async function send(response: Response, outgoing: ServerResponse): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => {
    headers[key] = value;
  });
  outgoing.writeHead(response.status, headers);
  if (response.body) for await (const chunk of response.body) outgoing.write(chunk);
  outgoing.end();
}

/** Serves a Web-standard handler over Node's HTTP server. Imported lazily, so the emulator also loads in browsers. */
export async function listen(handle: Handler, options: ListenOptions = {}): Promise<EmulatorServer> {
  const { createServer } = await import('node:http');
  const host = options.host ?? '127.0.0.1';
  const server = createServer((incoming, outgoing) => {
    const controller = new AbortController();
    outgoing.on('close', () => {
      if (!outgoing.writableFinished) controller.abort();
    });
    void (async () => {
      try {
        const request = await toRequest(incoming, `http://${incoming.headers.host ?? host}`, controller.signal);
        await send(await handle(request), outgoing);
      } catch (error) {
        if (isDroppedConnection(error) || controller.signal.aborted) {
          incoming.socket.destroy();
          return;
        }
        if (!outgoing.headersSent) {
          outgoing.writeHead(500, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
        }
        outgoing.end(JSON.stringify({ error: 'emulator error' }));
      }
    })();
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
  return {
    url: `http://${urlHost}:${address.port}`,
    port: address.port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
