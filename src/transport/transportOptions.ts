import { GroupsError, invalidRequest as invalid } from '../errors.js';
import { isPlainObject } from '../input/plainObject.js';
import { quote } from '../input/quote.js';
import { readHttpUrl } from '../input/httpUrl.js';
import { MAX_DELAY_MS } from '../input/maxDelay.js';
import type { TokenSource } from './fetchTransport.js';

export const DEFAULT_BASE_URL = 'https://api.turso.tech';

const MAX_RETRIES = 100;

/** The transport options, checked, read once, with the defaults filled in. */
export interface TransportSettings {
  readonly token: TokenSource | undefined;
  /** Without a trailing slash. */
  readonly baseURL: string;
  readonly fetch: typeof globalThis.fetch | undefined;
  readonly timeout: number;
  readonly retry: number;
  readonly retryDelay: number | ((attempt: number) => number) | undefined;
  readonly maxRetryAfter: number;
}

function isDelay(value: unknown): value is number {
  return typeof value === 'number' && value >= 0 && value <= MAX_DELAY_MS;
}

/**
 * `baseURL` as given, once it is an absolute http(s) URL with no query,
 * fragment or credentials: the path is appended to it as text, and the token
 * goes to its origin.
 */
function readBaseURL(value: unknown): string {
  if (value === undefined) return DEFAULT_BASE_URL;
  readHttpUrl(value, 'baseURL');
  return (value as string).replace(/\/+$/, '');
}

/**
 * The options of `createFetchTransport`, each field read once (a getter runs
 * once) and checked; anything unusable throws a `validation` GroupsError.
 */
export function readTransportOptions(options: unknown): TransportSettings {
  // Read once, here: a getter on the options cannot change them after the checks below.
  let token: unknown, baseURL: unknown, fetch: unknown, timeout: unknown, retry: unknown, retryDelay: unknown, maxRetryAfter: unknown;
  try {
    if (options !== undefined && !isPlainObject(options)) throw invalid(`invalid transport options ${quote(options)}: expected an object`);
    ({ token, baseURL, fetch, timeout = 30_000, retry = 2, retryDelay, maxRetryAfter = 60_000 } = (options ?? {}) as Record<string, unknown>);
  } catch (error) {
    throw error instanceof GroupsError ? error : invalid('the transport options could not be read', error);
  }
  if (token !== undefined && typeof token !== 'string' && typeof token !== 'function') {
    throw invalid(`invalid token ${quote(token)}: expected a string or a function returning one`);
  }
  if (fetch !== undefined && typeof fetch !== 'function') throw invalid(`invalid fetch ${quote(fetch)}: expected a function`);
  if (!isDelay(timeout)) throw invalid(`invalid timeout ${quote(timeout)}: expected milliseconds from 0 (off) to ${MAX_DELAY_MS}`);
  if (typeof retry !== 'number' || !Number.isInteger(retry) || retry < 0 || retry > MAX_RETRIES) {
    throw invalid(`invalid retry ${quote(retry)}: expected a whole number from 0 to ${MAX_RETRIES}`);
  }
  if (retryDelay !== undefined && typeof retryDelay !== 'function' && !isDelay(retryDelay)) {
    throw invalid(`invalid retryDelay ${quote(retryDelay)}: expected milliseconds or a function of the attempt`);
  }
  if (!isDelay(maxRetryAfter)) throw invalid(`invalid maxRetryAfter ${quote(maxRetryAfter)}: expected milliseconds from 0 to ${MAX_DELAY_MS}`);
  return {
    token: token as TokenSource | undefined,
    baseURL: readBaseURL(baseURL),
    fetch: fetch as typeof globalThis.fetch | undefined,
    timeout,
    retry,
    retryDelay: retryDelay as TransportSettings['retryDelay'],
    maxRetryAfter,
  };
}
