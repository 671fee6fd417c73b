import type { Group } from '../api/group.js';
import { CONTRACT } from '../contract/contract.js';
import { CORS_HEADERS, preflight } from './cors.js';
import { EmulatedGroups, type Answer } from './emulatedGroups.js';
import { invalidRequest } from '../errors.js';
import { quote } from '../input/quote.js';
import { HANDLERS } from './operationHandlers.js';
import { readEmulatorOptions, type PlatformEmulatorOptions } from './emulatorOptions.js';
import { ActiveFaults, DroppedConnection, readFaultPlan, type EmulatorOperation, type FaultPlan, type FaultRule } from './faultPlan.js';
import { importSigningKey, readJwt, type TokenClaims } from './jwt.js';
import { randomBytes, seededRandom } from './random.js';
import { BODY_TOO_LARGE, declaresTooMuch, readTextWithin } from './requestBody.js';
import { methodNotAllowed, respond } from './respond.js';
import { allowedMethods, matchRoute, SERVED_METHODS, type Route } from './routes.js';

/** One request the emulator saw. Headers are not kept: they hold the token. */
export interface RecordedRequest {
  readonly method: string;
  /** Path and query, as sent (still encoded). */
  readonly path: string;
  readonly operation: EmulatorOperation | undefined;
  /** The status answered, `'dropped'` (injected), or `'aborted'` (by the client, while waiting). */
  readonly outcome: number | 'dropped' | 'aborted';
}

export type TokenVerification =
  | { readonly valid: true; readonly claims: TokenClaims }
  | { readonly valid: false; readonly reason: 'malformed' | 'bad_signature' | 'expired' | 'invalidated' | 'unknown_group' };

export interface PlatformEmulator {
  /** The Web-standard handler: any server that speaks `Request`/`Response` can mount it. */
  handle(request: Request): Promise<Response>;
  /** The same handler as a `fetch`, to inject into a transport: no network at all. */
  readonly fetch: typeof globalThis.fetch;
  /**
   * The server-side truth: every group of `org`, in creation order, as
   * copies. Throws a `validation` GroupsError for an organization it does
   * not serve.
   * @param org one of the organizations it serves; @default its own (`org`)
   */
  snapshot(org?: string): { groups: Group[] };
  /**
   * Archives a group, as Turso archives a free-plan group after days without
   * activity: its `archived` becomes `true` until it is unarchived. Returns a
   * copy of it; throws a `validation` GroupsError for no such group.
   * @param org one of the organizations it serves; @default its own (`org`)
   */
  archive(name: string, org?: string): Group;
  /** Checks a minted JWT: signature, expiry, and that its group's tokens were not invalidated since. */
  verifyToken(jwt: string): Promise<TokenVerification>;
  /**
   * Replaces the fault plan in force; `{}` clears it. The plan is checked
   * and copied first: one it cannot use throws a `validation` GroupsError
   * naming the field, and leaves the plan in force as it was.
   */
  setFaults(plan: FaultPlan): void;
  /** Every request seen so far, oldest first. */
  readonly requests: readonly RecordedRequest[];
}

const NOT_FOUND: Answer = { status: 404, body: { error: 'not found' } };
const INVALID_JSON: Answer = { status: 400, body: { error: 'invalid JSON body' } };

/** The first half of an answer's JSON body: what a cut connection leaves. */
function halfOf(answer: Answer): string {
  const text = JSON.stringify(answer.body ?? {});
  return text.slice(0, Math.max(1, Math.floor(text.length / 2)));
}

/** The status, the headers and half the body, then nothing until the client gives up. */
function stalled(answer: Answer, signal: AbortSignal): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(halfOf(answer)));
      const giveUp = (): void => controller.error(signal.reason);
      if (signal.aborted) giveUp();
      else signal.addEventListener('abort', giveUp, { once: true });
    },
  });
  return new Response(body, { status: answer.status, headers: { ...CORS_HEADERS, 'content-type': 'application/json' } });
}

/** What a dropped connection looks like to a fetch: a `TypeError`, as a network failure is. */
function droppedConnection(answer?: Response): TypeError {
  return new TypeError('fetch failed', { cause: new DroppedConnection(answer) });
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** The JSON body, `undefined` for none, or the answer that refuses it. */
async function readBody(request: Request, maxBytes: number): Promise<{ value: unknown } | { refused: Answer }> {
  const text = await readTextWithin(request, maxBytes);
  if (text === 'too_large') return { refused: BODY_TOO_LARGE };
  if (text.trim() === '') return { value: undefined };
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return { refused: INVALID_JSON };
  }
}

/**
 * An in-memory, deterministic Turso Platform API for groups and locations.
 *
 * @example
 * const emulator = createPlatformEmulator({ org: 'demo', token: 'dev-token' })
 * const transport = createFetchTransport({ token: 'dev-token', fetch: emulator.fetch })
 */
export function createPlatformEmulator(options: PlatformEmulatorOptions): PlatformEmulator {
  const settings = readEmulatorOptions(options);
  const { now, maxBodyBytes } = settings;
  const random = seededRandom(settings.seed);
  const signingKey = importSigningKey(randomBytes(random, 32));
  // One set of groups per organization the token is a member of; the first is its own.
  const organizations = new Map<string, EmulatedGroups>();
  for (const org of [settings.org, ...settings.otherOrgs]) {
    organizations.set(org, new EmulatedGroups(settings.locations, random, now, signingKey, org === settings.org ? settings.groups : []));
  }
  const own = organizations.get(settings.org) as EmulatedGroups;
  let faults = new ActiveFaults(settings.faults, random);
  const requests: RecordedRequest[] = [];

  /** The groups of `org`, one it serves (its own when left out), or a validation error. */
  function groupsOf(org: unknown): EmulatedGroups {
    const groups = org === undefined ? own : typeof org === 'string' ? organizations.get(org) : undefined;
    if (groups === undefined) throw invalidRequest(`invalid org ${quote(org)}: expected one the emulator serves (${[...organizations.keys()].map((o) => JSON.stringify(o)).join(', ')})`);
    return groups;
  }

  function authorized(request: Request): boolean {
    const header = request.headers.get('authorization') ?? '';
    return header === `Bearer ${settings.token}`;
  }

  async function answer(route: Route, request: Request, query: URLSearchParams): Promise<Answer> {
    const { operation } = route;
    let groups = own;
    // A path under an organization: one the token is a member of, else 403 (before the body is read).
    if (route.org !== undefined) {
      const named = organizations.get(route.org);
      if (named === undefined) return { status: 403, body: { error: 'you do not have access to this organization' } };
      groups = named;
    }
    let body: unknown;
    if (CONTRACT[operation].body !== 'none') {
      const read = await readBody(request, maxBodyBytes);
      if ('refused' in read) return read.refused;
      body = read.value;
    }
    const organization = (slug: string): EmulatedGroups | undefined => organizations.get(slug);
    return HANDLERS[operation]({ groups, name: route.group ?? '', location: route.location ?? '', query, body, organization });
  }

  function faultResponse(rule: FaultRule): Response {
    const headers: Record<string, string> = rule.retryAfter === undefined ? {} : { 'retry-after': String(rule.retryAfter) };
    return respond({ status: rule.status ?? 503, body: { error: rule.message ?? 'injected fault' } }, headers);
  }

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const path = `${url.pathname}${url.search}`;
    const record = (operation: EmulatorOperation | undefined, outcome: RecordedRequest['outcome']): void => {
      requests.push({ method: request.method, path, operation, outcome });
    };
    if (request.method === 'OPTIONS') {
      record(undefined, 204);
      return preflight();
    }
    // Refused before routing, as a front server would: a method served nowhere,
    // or a body declared too large (neither gets near a handler's work).
    if (!SERVED_METHODS.includes(request.method)) {
      record(undefined, 405);
      return methodNotAllowed(allowedMethods(url.pathname));
    }
    if (declaresTooMuch(request.headers, maxBodyBytes)) {
      record(undefined, 413);
      return respond(BODY_TOO_LARGE);
    }
    const route = matchRoute(request.method, url.pathname);
    if (route === undefined) {
      record(undefined, 404);
      return respond(NOT_FOUND);
    }
    if ('kind' in route) {
      record(undefined, 405);
      return methodNotAllowed(route.allow);
    }
    const { operation } = route;
    const active = faults;
    try {
      await sleep(active.latencyMs(operation), request.signal);
    } catch (reason) {
      record(operation, 'aborted');
      throw reason;
    }
    const rule = active.pick(operation);
    if (rule?.kind === 'status') {
      record(operation, rule.status ?? 503);
      return faultResponse(rule);
    }
    if (rule?.kind === 'drop' && rule.phase !== 'after') {
      record(operation, 'dropped');
      throw droppedConnection();
    }
    if (!authorized(request)) {
      record(operation, 401);
      return respond({ status: 401, body: { error: 'unauthorized: a valid Platform API token is required' } });
    }
    const result = await answer(route, request, url.searchParams);
    if (rule?.kind === 'drop') {
      record(operation, 'dropped');
      // The work is done and its answer was on its way: a server sends the start of it (see FaultRule).
      throw droppedConnection(respond(result));
    }
    record(operation, result.status);
    if (rule?.kind === 'malformed') {
      return new Response(halfOf(result), { status: 200, headers: { ...CORS_HEADERS, 'content-type': 'application/json' } });
    }
    if (rule?.kind === 'stall') return stalled(result, request.signal);
    return respond(result);
  }

  const emulatorFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const target = typeof input === 'string' && input.startsWith('/') ? `http://emulator.invalid${input}` : input;
    const request = new Request(target, init);
    if (request.signal.aborted) throw request.signal.reason;
    return handle(request);
  };

  return {
    handle,
    fetch: emulatorFetch as typeof globalThis.fetch,
    snapshot: (org) => ({ groups: groupsOf(org).snapshot() }),
    archive(name, org) {
      const archived = groupsOf(org).archive(name);
      if (archived === undefined) throw invalidRequest(`invalid group name ${quote(name)}: no such group in organization ${quote(org ?? settings.org)}`);
      return archived;
    },
    async verifyToken(jwt) {
      const claims = await readJwt(await signingKey, jwt);
      if (typeof claims === 'string') return { valid: false, reason: claims };
      let generation: number | undefined;
      for (const groups of organizations.values()) generation ??= groups.generationOf(claims.gid);
      if (generation === undefined) return { valid: false, reason: 'unknown_group' };
      if (claims.gen !== generation) return { valid: false, reason: 'invalidated' };
      if (claims.exp !== undefined && claims.exp * 1000 <= now()) return { valid: false, reason: 'expired' };
      return { valid: true, claims };
    },
    setFaults(plan) {
      faults = new ActiveFaults(readFaultPlan(plan, 'plan'), random);
    },
    requests,
  };
}
