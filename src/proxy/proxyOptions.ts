import { OPERATIONS, isOperation, type Operation } from '../contract/operations.js';
import { GroupsError, invalidRequest as invalid } from '../errors.js';
import { pathSegment } from '../api/pathSegment.js';
import { isPlainObject } from '../input/plainObject.js';
import { quote } from '../input/quote.js';
import { MAX_URL_LENGTH, readHttpUrl } from '../input/httpUrl.js';
import { MAX_DELAY_MS } from '../input/maxDelay.js';
import { isHeaderSafe } from '../input/headerSafe.js';
import { readChangesOptions, type ChangesOptions, type ChangesSettings } from './changes/changesOptions.js';

/**
 * The Platform API token, or a getter called for every forwarded request (so
 * a rotated token is picked up). It stays on the server: it is only ever sent
 * as `Authorization` to `upstream`.
 */
export type ProxyTokenSource = string | (() => string | undefined | Promise<string | undefined>);

/**
 * The user's own session check. `true` lets the request through; `false` (or
 * anything that is not `true` or a Response) answers 401; a Response is
 * answered as is (a redirect to a login page, your own 403). It sees the
 * method, URL and headers; it must not read the body, which the proxy reads
 * after it.
 */
export type ProxyAuthorize = (request: Request) => boolean | Response | Promise<boolean | Response>;

export interface GroupsProxyOptions {
  /** The organization slug whose groups are forwarded; requests naming any other are 404. */
  readonly org: string;
  /**
   * The Platform API token, or a getter for it, read after `authorize` for
   * every forwarded request.
   * @example token: () => process.env.TURSO_API_TOKEN
   */
  readonly token: ProxyTokenSource;
  /**
   * Decides whether the request may go through, after the route is matched
   * and before anything is read or forwarded.
   * @example authorize: async (request) => (await getSession(request)) !== null
   */
  readonly authorize: ProxyAuthorize;
  /**
   * Where the Platform API lives: an absolute http(s) URL without query,
   * fragment or credentials; may carry a path prefix.
   * @default 'https://api.turso.tech'
   */
  readonly upstream?: string | undefined;
  /**
   * The path prefix the browser uses, as in the transport's
   * `baseURL: '/api/turso'`; requests outside it are 404.
   * @default '' (the routes are served at the root)
   */
  readonly basePath?: string | undefined;
  /**
   * The operations it forwards, by name (the API client's method names);
   * a request for any other is 403 `{ "error": "operation not forwarded" }`,
   * before `authorize` runs and before anything is read. One handler can
   * then serve a read-only dashboard: `['list', 'retrieve',
   * 'getConfiguration', 'listLocations']`.
   * @default every operation the API client has
   */
  readonly operations?: readonly Operation[] | undefined;
  /**
   * The fetch the upstream is called with.
   * @default globalThis.fetch, read at call time
   */
  readonly fetch?: typeof globalThis.fetch | undefined;
  /**
   * The largest request body read, in bytes, whether declared by
   * `Content-Length` or counted as it streams in; a larger one is 413 and is
   * never forwarded.
   * @default 65536 (64 KiB)
   */
  readonly maxBodyBytes?: number | undefined;
  /**
   * The largest upstream answer body read, in bytes, counted as it streams
   * in and after decompression (a small gzip answer may inflate a
   * thousandfold). Past it the read stops, nothing is relayed, and the answer
   * is 502 `{ "error": "upstream answer too large" }`. The largest answer the
   * groups API gives is a list of groups, a few hundred bytes per group.
   * @default 4194304 (4 MiB)
   */
  readonly maxAnswerBytes?: number | undefined;
  /**
   * Milliseconds the upstream call may take, its body included, before the
   * answer is 504; 0 turns it off.
   * @default 30000
   */
  readonly timeout?: number | undefined;
  /**
   * Told about every failure on the server's side (authorize or the token
   * getter throwing, the upstream unreachable, slow or answering garbage).
   * The browser only ever gets a short JSON error. The error never holds the
   * token: a cause that quotes it is replaced by a redacted copy.
   * @default logs one line with `console.error`, the token redacted
   */
  readonly onError?: ((error: GroupsError) => void) | undefined;
  /**
   * The change feed: Server-Sent Events at `{basePath}/changes`, authorized
   * as every other request, carrying every change the upstream confirmed
   * through this proxy and what a poll of the upstream finds changed
   * elsewhere, each numbered; every relayed answer then carries
   * `X-Groups-Feed: <epoch>:<seq>`. `true` for the defaults.
   * @default undefined (off)
   * @example changes: { pollInterval: 15_000 }
   */
  readonly changes?: boolean | ChangesOptions | undefined;
}

export const DEFAULT_UPSTREAM = 'https://api.turso.tech';
export const DEFAULT_MAX_BODY_BYTES = 65_536;
export const DEFAULT_MAX_ANSWER_BYTES = 4_194_304;
export const DEFAULT_TIMEOUT_MS = 30_000;

// Letters, digits and the characters RFC 3986 allows unencoded in a segment, but no `%`:
// the prefix is compared with the request's raw path, so it must have one spelling.
const BASE_PATH = /^(?:\/[A-Za-z0-9._~!$&'()*+,;=:@-]+)*$/;

/** The options, checked and read once, with the defaults filled in. */
export interface ProxySettings {
  readonly org: string;
  readonly token: ProxyTokenSource;
  readonly authorize: ProxyAuthorize;
  /** Without a trailing slash. */
  readonly upstream: string;
  /** `''` or `/segment…`, without a trailing slash. */
  readonly basePath: string;
  readonly fetch: typeof globalThis.fetch | undefined;
  /** The operations forwarded. */
  readonly operations: ReadonlySet<Operation>;
  readonly maxBodyBytes: number;
  readonly maxAnswerBytes: number;
  readonly timeout: number;
  readonly onError: ((error: GroupsError) => void) | undefined;
  /** The change feed's settings, or `undefined` when it is off. */
  readonly changes: ChangesSettings | undefined;
}

function readUpstream(value: unknown): string {
  if (value === undefined) return DEFAULT_UPSTREAM;
  const url = readHttpUrl(value, 'upstream');
  // The parsed form, so that what is joined to the rebuilt path is what the URL parser made of it.
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

function readBasePath(value: unknown): string {
  if (value === undefined) return '';
  const trimmed = typeof value === 'string' ? value.replace(/\/$/, '') : value;
  if (
    typeof trimmed !== 'string' ||
    trimmed.length > MAX_URL_LENGTH ||
    !BASE_PATH.test(trimmed) ||
    trimmed.split('/').some((segment) => segment === '.' || segment === '..')
  ) {
    throw invalid(`invalid basePath ${quote(value)}: expected '' or a path such as '/api/turso', without '%', dot segments or empty segments`);
  }
  return trimmed;
}

function readOperations(value: unknown): ReadonlySet<Operation> {
  if (value === undefined) return new Set(OPERATIONS);
  const expected = `expected a non-empty array of operations (${OPERATIONS.join(', ')})`;
  if (!Array.isArray(value) || value.length === 0) throw invalid(`invalid operations ${quote(value)}: ${expected}`);
  const names = Array.from(value as unknown[]);
  names.forEach((name, i) => {
    if (!isOperation(name)) throw invalid(`invalid operations[${i}] ${quote(name)}: ${expected}`);
  });
  return new Set(names as Operation[]);
}

function isWhole(value: unknown, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max;
}

/**
 * The options of `createGroupsProxy`, each field read once (a getter runs
 * once) and checked; anything unusable throws a `validation` GroupsError, so
 * a misconfigured proxy fails when the server starts, not on a request.
 */
export function readProxyOptions(options: unknown): ProxySettings {
  let fields: Record<string, unknown>;
  try {
    if (!isPlainObject(options)) throw invalid(`invalid proxy options ${quote(options)}: expected { org, token, authorize }`);
    const { org, token, authorize, upstream, basePath, fetch, operations, maxBodyBytes, maxAnswerBytes, timeout, onError, changes } = options;
    fields = { org, token, authorize, upstream, basePath, fetch, operations, maxBodyBytes, maxAnswerBytes, timeout, onError, changes };
  } catch (error) {
    throw error instanceof GroupsError ? error : invalid('the proxy options could not be read', error);
  }
  const { org, token, authorize, fetch, maxBodyBytes = DEFAULT_MAX_BODY_BYTES, maxAnswerBytes = DEFAULT_MAX_ANSWER_BYTES, timeout = DEFAULT_TIMEOUT_MS, onError } = fields;
  // The same rule as the API client's: one well-formed path segment.
  pathSegment('request', 'organization', org);
  if (typeof token !== 'string' && typeof token !== 'function') {
    throw invalid(`invalid token ${quote(token)}: expected a string or a function returning one`);
  }
  // Never quoted: the message would hold the token.
  if (typeof token === 'string' && !isHeaderSafe(token)) throw invalid('invalid token: expected visible ASCII characters without spaces');
  if (typeof authorize !== 'function') {
    throw invalid(`invalid authorize ${quote(authorize)}: expected a function (request) => boolean | Response`);
  }
  if (fetch !== undefined && typeof fetch !== 'function') throw invalid(`invalid fetch ${quote(fetch)}: expected a function`);
  if (!isWhole(maxBodyBytes, Number.MAX_SAFE_INTEGER)) throw invalid(`invalid maxBodyBytes ${quote(maxBodyBytes)}: expected a whole number of bytes`);
  if (!isWhole(maxAnswerBytes, Number.MAX_SAFE_INTEGER)) throw invalid(`invalid maxAnswerBytes ${quote(maxAnswerBytes)}: expected a whole number of bytes`);
  if (!isWhole(timeout, MAX_DELAY_MS)) throw invalid(`invalid timeout ${quote(timeout)}: expected milliseconds from 0 (off) to ${MAX_DELAY_MS}`);
  if (onError !== undefined && typeof onError !== 'function') throw invalid(`invalid onError ${quote(onError)}: expected a function`);
  return {
    org: org as string,
    token: token as ProxyTokenSource,
    authorize: authorize as ProxyAuthorize,
    upstream: readUpstream(fields['upstream']),
    basePath: readBasePath(fields['basePath']),
    fetch: fetch as typeof globalThis.fetch | undefined,
    operations: readOperations(fields['operations']),
    maxBodyBytes,
    maxAnswerBytes,
    timeout,
    onError: onError as ((error: GroupsError) => void) | undefined,
    changes: readChangesOptions(fields['changes']),
  };
}
