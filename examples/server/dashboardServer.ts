// The dashboards' server: one origin for the built page, its configuration,
// the Groups API through the proxy (to a real organization, or to the
// embedded emulator on a loopback port of its own: the production path
// either way), the proxy's change feed and, on the emulator, the server
// panel's control endpoint. The token is added here, in Node: the page
// never holds one.
import { fileURLToPath } from 'node:url';
import type { PlatformEmulator } from 'turso-groups-store/emulator';
import { listen, type EmulatorServer } from 'turso-groups-store/emulator/node';
import { isGroupsError } from 'turso-groups-store';
import { createGroupsProxy, DEFAULT_UPSTREAM } from 'turso-groups-store/proxy';
import type { DashboardConfig } from '../shared/dashboardConfig.js';
import { ARCHIVE_PATH, FAULTS_PATH } from '../shared/emulatorControl.js';
import { archiveGroup, readArchiveCommand } from './archiveControl.js';
import { createDemoEmulator } from './demoEmulator.js';
import { FaultControl, readFaultCommand } from './faultControl.js';
import { PAGE_HEADERS, staticFiles } from './staticFiles.js';

export const DASHBOARDS = ['react', 'vue', 'svelte', 'vanilla', 'angular'] as const;
export type DashboardName = (typeof DASHBOARDS)[number];

/** Where the page finds the API: the transport's `baseURL` is this path on the page's origin. */
export const API_PATH = '/api/turso';
/** The proxy's change feed (Server-Sent Events): the store's `changes.url`. */
export const CHANGES_PATH = `${API_PATH}/changes`;

/**
 * How often the proxy reads the emulator's list while a page listens, to
 * find what changed behind its back (the server panel's Archive, a script
 * on the emulator's own API). Short, so that a change made there shows in
 * the open pages within two seconds, as the panel's own poll does: the
 * emulator is in this process, so a read costs nothing. On a real
 * organization the proxy's default (15 s) stands: one read for all the open
 * pages, far below the Platform API's rate limits.
 */
export const DEMO_POLL_INTERVAL_MS = 2_000;
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
  /**
   * The emulator behind the proxy, in emulator mode: what it holds, also in
   * the organizations the page's API does not serve (where Transfer moves a
   * group), as tests check it.
   */
  readonly emulator: PlatformEmulator | undefined;
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
  let control: { readonly faults: FaultControl; readonly emulator: PlatformEmulator } | undefined;
  // The emulator's own Platform API, on a loopback port: the proxy's upstream in emulator mode.
  let emulatorServer: EmulatorServer | undefined;
  let behind: { readonly org: string; readonly token: string; readonly upstream: string | undefined; readonly pollInterval: number | undefined };

  if (options.real) {
    const { org, token, upstream } = options.real;
    const otherOrgs = options.real.otherOrgs ?? [];
    config = { mode: 'proxy', org, apiBase: API_PATH, changes: CHANGES_PATH, upstream: upstreamOf(upstream), ...(otherOrgs.length > 0 ? { otherOrgs } : {}) };
    behind = { org, token, upstream, pollInterval: undefined };
  } else {
    const demo = createDemoEmulator();
    control = { faults: new FaultControl(demo.emulator), emulator: demo.emulator };
    emulatorServer = await listen(demo.emulator, { host: '127.0.0.1', port: 0 });
    config = { mode: 'emulator', org: demo.org, apiBase: API_PATH, changes: CHANGES_PATH, otherOrgs: demo.otherOrgs };
    behind = { org: demo.org, token: demo.token, upstream: emulatorServer.url, pollInterval: DEMO_POLL_INTERVAL_MS };
  }
  const proxy = createGroupsProxy({
    org: behind.org,
    token: behind.token,
    upstream: behind.upstream,
    basePath: API_PATH,
    // A local demo on loopback, for one person: no sessions to check. The
    // Host and Fetch Metadata checks below keep other sites out; an app
    // served to anyone else must check its own users here.
    authorize: () => true,
    changes: { pollInterval: behind.pollInterval },
  });

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
      return proxy(request);
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

  let server: EmulatorServer;
  try {
    server = await listen(handle, { host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
  } catch (error) {
    await emulatorServer?.close();
    throw error;
  }
  return {
    url: `${server.url}/`,
    mode: config.mode,
    emulator: control?.emulator,
    close: async () => {
      await server.close();
      await emulatorServer?.close();
    },
  };
}
