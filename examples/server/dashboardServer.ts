// The dashboards' server: one origin for the built page, its configuration,
// the Groups API (the embedded emulator, or a proxy to a real organization)
// and, on the emulator, the server panel's control endpoint. The token is
// added here, in Node: the page never holds one.
import { fileURLToPath } from 'node:url';
import { DroppedConnection, type PlatformEmulator } from 'turso-groups-store/emulator';
import { listen } from 'turso-groups-store/emulator/node';
import { isGroupsError } from 'turso-groups-store';
import { createGroupsProxy, DEFAULT_UPSTREAM } from 'turso-groups-store/proxy';
import type { DashboardConfig } from '../shared/dashboardConfig.js';
import { ARCHIVE_PATH, FAULTS_PATH } from '../shared/emulatorControl.js';
import { archiveGroup, readArchiveCommand } from './archiveControl.js';
import { createDemoEmulator } from './demoEmulator.js';
import { FaultControl, readFaultCommand } from './faultControl.js';
import { PAGE_HEADERS, staticFiles } from './staticFiles.js';

export const DASHBOARDS = ['react', 'vue', 'svelte', 'vanilla'] as const;
export type DashboardName = (typeof DASHBOARDS)[number];

/** Where the page finds the API: the transport's `baseURL` is this path on the page's origin. */
export const API_PATH = '/api/turso';
/** The server panel's fault plan (emulator mode only). */
export const CONTROL_PATH = FAULTS_PATH;
export { ARCHIVE_PATH };

export interface RealOrganization {
  readonly org: string;
  /** The Platform API token; it stays in this process. */
  readonly token: string;
  /**
   * Where the Platform API lives. For tests: another emulator on loopback.
   * @default 'https://api.turso.tech'
   */
  readonly upstream?: string | undefined;
  /**
   * Other organizations the token is a member of: the page offers them as
   * where Transfer may move a group. The page only offers them; Turso
   * decides.
   * @default []
   */
  readonly otherOrgs?: readonly string[] | undefined;
}

export interface DashboardServerOptions {
  readonly dashboard: DashboardName;
  /** @default '127.0.0.1' */
  readonly host?: string | undefined;
  /** @default 0 (any free port) */
  readonly port?: number | undefined;
  /** A real organization behind the proxy; without it, the embedded emulator. */
  readonly real?: RealOrganization | undefined;
}

export interface DashboardServer {
  /** `http://127.0.0.1:PORT/`. */
  readonly url: string;
  readonly mode: DashboardConfig['mode'];
  close(): Promise<void>;
}

/** The folder Vite builds a dashboard into. */
export function distOf(dashboard: DashboardName): string {
  return fileURLToPath(new URL(`../${dashboard}/dist`, import.meta.url));
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers } });
}

// This server only ever listens on loopback; a Host that names anything else
// is a page from elsewhere that rebound its DNS name to 127.0.0.1.
const LOOPBACK_HOST = /^(?:127\.0\.0\.1|localhost|\[::1\])(?::\d+)?$/i;

function isLoopbackHost(request: Request): boolean {
  return LOOPBACK_HOST.test(request.headers.get('host') ?? '');
}

/** A page of another site, by Fetch Metadata: it may not drive the API or the emulator. */
function isCrossSite(request: Request): boolean {
  const site = request.headers.get('sec-fetch-site');
  return site !== null && site !== 'same-origin' && site !== 'none';
}

/** The request, re-addressed to the emulator: the prefix dropped, the token added, no cookies. */
async function toEmulator(request: Request, url: URL, token: string): Promise<Request> {
  const headers = new Headers(request.headers);
  headers.set('authorization', `Bearer ${token}`);
  headers.delete('cookie');
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  return new Request(new URL(`${url.pathname.slice(API_PATH.length) || '/'}${url.search}`, url.origin), {
    method: request.method,
    headers,
    body: hasBody ? await request.arrayBuffer() : null,
    signal: request.signal,
  });
}

/** The emulator answers CORS as a public API would; on this origin the page needs none, and no other site may read it. */
function withoutCors(response: Response): Response {
  const headers = new Headers(response.headers);
  for (const name of [...headers.keys()]) if (name.startsWith('access-control-')) headers.delete(name);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/** The emulator's answer without CORS, a dropped connection's cut answer included (the Node server sends its start). */
async function fromEmulator(answer: Promise<Response>): Promise<Response> {
  try {
    return withoutCors(await answer);
  } catch (error) {
    if (error instanceof TypeError && error.cause instanceof DroppedConnection && error.cause.answer !== undefined) {
      throw new TypeError(error.message, { cause: new DroppedConnection(withoutCors(error.cause.answer)) });
    }
    throw error;
  }
}

/**
 * The JSON body of a POST to the server panel's endpoints, or the answer
 * that refuses it. JSON only: a form of another site cannot send it without
 * a preflight, which is never granted.
 */
async function readJsonPost(request: Request, allow: string): Promise<{ readonly body: unknown } | Response> {
  if (request.method !== 'POST') return json(405, { error: 'method not allowed' }, { allow });
  if (!(request.headers.get('content-type') ?? '').toLowerCase().startsWith('application/json')) {
    return json(415, { error: 'expected application/json' });
  }
  try {
    return { body: JSON.parse(await request.text()) as unknown };
  } catch {
    return json(400, { error: 'invalid JSON body' });
  }
}

/** Where the proxy sends the page's requests, as the page names it: the origin and any path, never credentials. */
function upstreamOf(upstream: string | undefined): string {
  const url = new URL(upstream ?? DEFAULT_UPSTREAM);
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/**
 * Starts the server of one built dashboard (`examples/<dashboard>/dist`,
 * from `npm run build:examples`).
 *
 * @example
 * const server = await startDashboardServer({ dashboard: 'vanilla' })
 * console.log(server.url) // http://127.0.0.1:53211/
 */
export async function startDashboardServer(options: DashboardServerOptions): Promise<DashboardServer> {
  const serveStatic = staticFiles(distOf(options.dashboard));
  let config: DashboardConfig;
  let api: (request: Request, url: URL) => Promise<Response>;
  let control: { readonly faults: FaultControl; readonly emulator: PlatformEmulator } | undefined;

  if (options.real) {
    const { org, token, upstream } = options.real;
    const proxy = createGroupsProxy({
      org,
      token,
      upstream,
      basePath: API_PATH,
      // A local demo on loopback, for one person: no sessions to check. The
      // Host and Fetch Metadata checks below keep other sites out; an app
      // served to anyone else must check its own users here.
      authorize: () => true,
    });
    const otherOrgs = options.real.otherOrgs ?? [];
    config = { mode: 'proxy', org, apiBase: API_PATH, upstream: upstreamOf(upstream), ...(otherOrgs.length > 0 ? { otherOrgs } : {}) };
    api = (request) => proxy(request);
  } else {
    const demo = createDemoEmulator();
    control = { faults: new FaultControl(demo.emulator), emulator: demo.emulator };
    config = { mode: 'emulator', org: demo.org, apiBase: API_PATH, otherOrgs: demo.otherOrgs };
    api = async (request, url) => fromEmulator(demo.emulator.handle(await toEmulator(request, url, demo.token)));
  }

  async function handleFaults(request: Request, faults: FaultControl): Promise<Response> {
    if (request.method === 'GET') return json(200, faults.state());
    const read = await readJsonPost(request, 'GET, POST');
    if (read instanceof Response) return read;
    const command = readFaultCommand(read.body);
    if (typeof command === 'string') return json(400, { error: command });
    try {
      return json(200, faults.apply(command));
    } catch (error) {
      // A plan the emulator refuses is the command's fault, not the server's: 400, with why.
      if (isGroupsError(error) && error.code === 'validation') return json(400, { error: error.detail ?? error.message });
      throw error;
    }
  }

  async function handleArchive(request: Request, emulator: PlatformEmulator): Promise<Response> {
    const read = await readJsonPost(request, 'POST');
    if (read instanceof Response) return read;
    const command = readArchiveCommand(read.body);
    if (typeof command === 'string') return json(400, { error: command });
    const group = archiveGroup(emulator, command);
    return group === undefined ? json(404, { error: `there is no group “${command.group}” in organization ${config.org}` }) : json(200, { group });
  }

  async function handle(request: Request): Promise<Response> {
    if (!isLoopbackHost(request)) return json(421, { error: 'this server answers to 127.0.0.1 and localhost only' });
    const url = new URL(request.url);
    const { pathname } = url;
    if (pathname === API_PATH || pathname.startsWith(`${API_PATH}/`)) {
      if (isCrossSite(request)) return json(403, { error: 'cross-site requests are refused' });
      return api(request, url);
    }
    if (pathname === CONTROL_PATH || pathname === ARCHIVE_PATH) {
      if (control === undefined) return json(404, { error: 'no emulator: the server panel is for emulator mode only' });
      if (isCrossSite(request)) return json(403, { error: 'cross-site requests are refused' });
      return pathname === CONTROL_PATH ? handleFaults(request, control.faults) : handleArchive(request, control.emulator);
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') return json(405, { error: 'method not allowed' }, { allow: 'GET, HEAD' });
    if (pathname === '/dashboard-config.json') return json(200, config, PAGE_HEADERS);
    return serveStatic(url);
  }

  const server = await listen(handle, { host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
  return { url: `${server.url}/`, mode: config.mode, close: () => server.close() };
}
