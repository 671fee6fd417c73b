import { once } from 'node:events';
import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';
import { createFetchTransport, createGroupsApi, type FetchTransportOptions, type GroupsApi, type GroupsError } from '../../src/index.js';
import { createPlatformEmulator, type PlatformEmulator, type PlatformEmulatorOptions } from '../../src/emulator/index.js';
import { listen, type EmulatorServer } from '../../src/emulator/node.js';
import { createGroupsProxy, type GroupsProxyOptions } from '../../src/proxy/index.js';
import { toNodeHandler, type NodeHandlerOptions, type NodeRequestListener } from '../../src/proxy/node.js';

// The proxy between two real HTTP servers on 127.0.0.1: the emulator as the
// upstream (behind a wrapper that records what it is sent) and the proxy
// itself, served by node:http through the shipped adapter, toNodeHandler,
// as the README mounts it.

export const ORG = 'my-org';
/** Distinctive, so that finding it anywhere a browser or a log can see means a leak. */
export const SERVER_TOKEN = 'srv-platform-token-7Hq2xZ9pK4';
export const BASE_PATH = '/api/turso';
export const SESSION = 'session=alice-4f1d';

/** One request as the upstream saw it: the whole of it, headers and body included. */
export interface SeenRequest {
  readonly method: string;
  /** Path and query, as sent. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface ProxyHarness {
  readonly emulator: PlatformEmulator;
  readonly upstream: EmulatorServer;
  readonly proxy: LoopbackServer;
  /** The proxy's URL with `BASE_PATH`: what a browser's transport would use as `baseURL`. */
  readonly base: string;
  /** Every request the upstream got, in order. */
  readonly seen: SeenRequest[];
  /** Every error the proxy reported to `onError`. */
  readonly errors: GroupsError[];
  /** Every request `authorize` was asked about (its URL). */
  readonly authorized: string[];
}

export interface HarnessOptions {
  readonly emulator?: Partial<PlatformEmulatorOptions>;
  /** Options of the proxy, over the harness's own (which include `onError`, collecting). */
  readonly proxy?: Partial<GroupsProxyOptions>;
  /** Answers in the emulator's place (or before it), to play a misbehaving upstream. */
  readonly upstream?: (request: Request, emulator: PlatformEmulator) => Promise<Response>;
  /** Leave `onError` at its default (console.error), to check what it logs. */
  readonly defaultOnError?: boolean;
  /** Options of the Node adapter the proxy is served through. */
  readonly node?: NodeHandlerOptions;
}

export interface LoopbackServer {
  /** `http://127.0.0.1:PORT`, without a trailing slash. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

const servers: LoopbackServer[] = [];

/** A node:http server on a free loopback port for `listener`; it stops after the test. */
export async function serveNode(listener: NodeRequestListener): Promise<LoopbackServer> {
  const server = createServer((incoming, outgoing) => void listener(incoming, outgoing));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const served: LoopbackServer = {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
  servers.push(served);
  return served;
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

function headersOf(headers: Headers): Record<string, string> {
  const entries: Record<string, string> = {};
  headers.forEach((value, key) => {
    entries[key] = value;
  });
  return entries;
}

/** The session check the tests' backend uses: a session cookie. */
export function hasSession(request: Request): boolean {
  return (request.headers.get('cookie') ?? '').split(/;\s*/).includes(SESSION);
}

/** A fresh emulator and proxy, each on its own loopback port; both stop after the test. */
export async function startProxy(options: HarnessOptions = {}): Promise<ProxyHarness> {
  const emulator = createPlatformEmulator({ org: ORG, token: SERVER_TOKEN, groups: [{ name: 'default', locations: ['lhr'] }], ...options.emulator });
  const seen: SeenRequest[] = [];
  const upstream = await listen(async (request) => {
    const url = new URL(request.url);
    seen.push({ method: request.method, path: `${url.pathname}${url.search}`, headers: headersOf(request.headers), body: await request.clone().text() });
    return options.upstream ? options.upstream(request, emulator) : emulator.handle(request);
  });
  servers.push(upstream);
  const errors: GroupsError[] = [];
  const authorized: string[] = [];
  const handler = createGroupsProxy({
    org: ORG,
    token: () => SERVER_TOKEN,
    upstream: upstream.url,
    basePath: BASE_PATH,
    ...(options.defaultOnError ? {} : { onError: (error: GroupsError) => errors.push(error) }),
    ...options.proxy,
    authorize: async (request) => {
      authorized.push(request.url);
      return options.proxy?.authorize ? options.proxy.authorize(request) : hasSession(request);
    },
  });
  const proxy = await serveNode(toNodeHandler(handler, options.node));
  return { emulator, upstream, proxy, base: `${proxy.url}${BASE_PATH}`, seen, errors, authorized };
}

/** A fetch as a browser page would make it: same origin, its session cookie along, no token. */
export const browserFetch: typeof globalThis.fetch = (input, init) => {
  const headers = new Headers(init?.headers);
  headers.set('cookie', SESSION);
  headers.set('sec-fetch-site', 'same-origin');
  return fetch(input, { ...init, headers });
};

/** The browser side: an API client whose transport has no token, pointed at the proxy. */
export function browserApi(base: string, transport: FetchTransportOptions = {}): GroupsApi {
  return createGroupsApi({ org: ORG, transport: createFetchTransport({ baseURL: base, fetch: browserFetch, retryDelay: 0, ...transport }) });
}

export interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface RawRequest {
  readonly method?: string;
  /** Sent exactly as given: node:http does not resolve `..` or turn `\` into `/`, as fetch and URL do. */
  readonly path: string;
  readonly headers?: Readonly<Record<string, string | readonly string[]>>;
  readonly body?: string | Buffer;
}

/** One request over node:http to `origin` (a loopback server), on its own connection. */
export function rawRequest(origin: string, options: RawRequest): Promise<RawResponse> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      { host: hostname, port, method: options.method ?? 'GET', path: options.path, headers: { cookie: SESSION, ...options.headers }, agent: false },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body: Buffer.concat(chunks).toString('utf8') }));
        incoming.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

/** A status and a parsed JSON body, to compare as one value. */
export function outcome(response: RawResponse): [number, unknown] {
  return [response.status, response.body === '' ? undefined : (JSON.parse(response.body) as unknown)];
}

export const GROUPS = `${BASE_PATH}/v1/organizations/${ORG}/groups`;
export const UPSTREAM_GROUPS = `/v1/organizations/${ORG}/groups`;
