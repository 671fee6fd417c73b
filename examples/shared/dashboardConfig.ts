// What the dashboard server tells the page: which mode it runs in, which
// organization, and where the API is. Never a token: the server adds it.

/** The page's view of the server, from `/dashboard-config.json`. */
export interface DashboardConfig {
  /** `emulator`: the server panel can steer the emulator; `proxy`: a real organization behind the server. */
  readonly mode: 'emulator' | 'proxy';
  readonly org: string;
  /** The absolute URL of the API prefix, such as `http://127.0.0.1:5180/api/turso`: the transport's `baseURL`. */
  readonly apiBase: string;
  /**
   * The absolute URL of the proxy's change feed (Server-Sent Events), such
   * as `http://127.0.0.1:5180/api/turso/changes`: the store's `changes.url`.
   * Absent when the server serves none.
   */
  readonly changes?: string | undefined;
  /** In proxy mode, the API the server forwards to, such as `https://api.turso.tech`. */
  readonly upstream?: string | undefined;
  /**
   * The other organizations the server's token is a member of: where
   * Transfer may move a group. The page offers Transfer only when there is
   * one. @default []
   */
  readonly otherOrgs?: readonly string[] | undefined;
}

function isDashboardConfig(value: unknown): value is { mode: 'emulator' | 'proxy'; org: string; apiBase: string; changes?: unknown; upstream?: unknown; otherOrgs?: unknown } {
  if (typeof value !== 'object' || value === null) return false;
  const { mode, org, apiBase } = value as Record<string, unknown>;
  return (mode === 'emulator' || mode === 'proxy') && typeof org === 'string' && org !== '' && typeof apiBase === 'string';
}

/**
 * The API the page's requests end up at, as the page names it: the
 * embedded emulator, the Turso Platform API, or (TURSO_API_URL) whatever
 * host the server forwards to, which is not Turso's.
 */
export function describeApi(config: DashboardConfig): string {
  if (config.mode === 'emulator') return 'the embedded emulator';
  let host: string | undefined;
  try {
    host = config.upstream === undefined ? undefined : new URL(config.upstream).host;
  } catch {
    host = undefined;
  }
  if (host === 'api.turso.tech') return 'the Turso Platform API (api.turso.tech), through this server';
  return host === undefined ? 'an API this server forwards to' : `the API at ${host}, through this server`;
}

/**
 * Fetches `/dashboard-config.json` from the page's origin. The server writes
 * `apiBase` as a path (it cannot know which host name the browser used); it
 * is resolved here against the page, so the API is always same-origin.
 */
export async function loadDashboardConfig(origin: string = globalThis.location.origin): Promise<DashboardConfig> {
  const response = await fetch(new URL('/dashboard-config.json', origin), { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`the dashboard server answered ${response.status} for /dashboard-config.json`);
  const body: unknown = await response.json();
  if (!isDashboardConfig(body)) throw new Error('the dashboard server sent a configuration without mode, org and apiBase');
  const upstream = typeof body.upstream === 'string' ? body.upstream : undefined;
  // A path on this origin, as apiBase: the feed is same-origin too, so the page's session goes with it.
  const changes = typeof body.changes === 'string' ? new URL(body.changes, origin).href : undefined;
  return { mode: body.mode, org: body.org, apiBase: new URL(body.apiBase, origin).href.replace(/\/+$/, ''), changes, upstream, otherOrgs: readOtherOrgs(body.otherOrgs, body.org) };
}

/** The organizations a transfer may go to: distinct non-empty names, never the page's own; anything else is left out. */
export function readOtherOrgs(value: unknown, org: string): readonly string[] {
  if (!Array.isArray(value)) return [];
  const names = (value as unknown[]).filter((name): name is string => typeof name === 'string' && name !== '' && name !== org);
  return [...new Set(names)];
}
