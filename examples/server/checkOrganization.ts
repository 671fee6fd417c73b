// `npm start` on a real organization asks the Platform API once, before it
// prints a URL: a page that loads and then fails on every request would
// blame the dashboard for a typo in TURSO_ORG. What went wrong is told by the
// variable to fix, and never with the token in it.
import { createFetchTransport, createGroupsApi, DEFAULT_BASE_URL, isGroupsError, type GroupsError } from 'turso-groups-store';
import type { RealOrganization } from './dashboardServer.js';

/** How long the one check may take before the API counts as unreachable, in ms. */
export const CHECK_TIMEOUT_MS = 10_000;

export interface CheckOptions {
  /** @default globalThis.fetch */
  readonly fetch?: typeof globalThis.fetch | undefined;
  /** @default CHECK_TIMEOUT_MS */
  readonly timeoutMs?: number | undefined;
}

/** The API as the person running `npm start` named it. */
function apiName(real: RealOrganization): string {
  return real.upstream === undefined ? `the Turso Platform API (${DEFAULT_BASE_URL})` : `TURSO_API_URL ${JSON.stringify(real.upstream)}`;
}

function explain(error: GroupsError, real: RealOrganization, timeoutMs: number): string {
  const api = apiName(real);
  switch (error.code) {
    case 'unauthorized':
      // No status: the transport would not send it (a header cannot carry it).
      if (error.status === undefined) return 'TURSO_API_TOKEN cannot be sent: it holds characters a header cannot carry (a stray space or line break?)';
      return `TURSO_API_TOKEN was refused (${error.status}) by ${api}: mint a Platform API token with \`turso auth api-tokens mint\` and set it again`;
    case 'forbidden':
    case 'not_found':
      return `TURSO_ORG ${JSON.stringify(real.org)} was not found or the token cannot see it (${error.status ?? 404}): check the organization's slug with \`turso org list\``;
    case 'network':
      return `${api} could not be reached: ${real.upstream === undefined ? 'check the network' : 'check the URL, and that the server there is running'}`;
    case 'timeout':
      return `${api} did not answer within ${timeoutMs / 1000} s`;
    default:
      return `${api} answered the check of TURSO_ORG and TURSO_API_TOKEN with ${error.status === undefined ? error.code.replace('_', ' ') : `status ${error.status}`}: try again later`;
  }
}

/** The one call the check makes, or what is wrong with the settings before any call. */
function listCall(real: RealOrganization, options: CheckOptions, timeoutMs: number): (() => Promise<unknown>) | string {
  let transport;
  try {
    transport = createFetchTransport({ token: real.token, baseURL: real.upstream, fetch: options.fetch, timeout: timeoutMs, retry: 0 });
  } catch {
    return `TURSO_API_URL must be an absolute http(s) URL without query, fragment or credentials; got ${JSON.stringify(real.upstream)}`;
  }
  try {
    const api = createGroupsApi({ org: real.org, transport });
    return () => api.list();
  } catch {
    return `TURSO_ORG ${JSON.stringify(real.org)} is not an organization slug`;
  }
}

/**
 * Lists the organization's groups once, as the dashboard will. Resolves with
 * `undefined` when that works, or with what to fix, naming the variable at
 * fault (`TURSO_ORG`, `TURSO_API_TOKEN` or `TURSO_API_URL`). The token
 * appears in neither.
 */
export async function checkOrganization(real: RealOrganization, options: CheckOptions = {}): Promise<string | undefined> {
  const timeoutMs = options.timeoutMs ?? CHECK_TIMEOUT_MS;
  const problem = await findProblem(real, options, timeoutMs);
  // The other settings are quoted: one pasted in by mistake may hold the token.
  return problem && real.token !== '' ? problem.replaceAll(real.token, '[TURSO_API_TOKEN]') : problem;
}

async function findProblem(real: RealOrganization, options: CheckOptions, timeoutMs: number): Promise<string | undefined> {
  const list = listCall(real, options, timeoutMs);
  if (typeof list === 'string') return list;
  try {
    await list();
    return undefined;
  } catch (error) {
    if (isGroupsError(error)) return explain(error, real, timeoutMs);
    throw error;
  }
}
