import { invalidRequest as invalid, isGroupsError } from '../errors.js';
import { MAX_DELAY_MS } from '../input/maxDelay.js';
import { MAX_URL_LENGTH } from '../input/httpUrl.js';
import { isPlainObject } from '../input/plainObject.js';
import { isWellFormed } from '../input/wellFormed.js';

/**
 * The proxy's change feed (`createGroupsProxy({ changes: true })`): what the
 * store listens to, while observed, to show other people's changes as they
 * happen. Only one tab per browser listens when `crossTab` is on.
 */
export interface ChangeFeedOptions {
  /**
   * The feed's URL: the proxy's `{basePath}/changes`, such as
   * `https://app.example/api/turso/changes`, or a path (`/api/turso/changes`)
   * resolved against the page. Requested with the app's own credentials
   * (cookies, as `fetch` sends them same-origin); never with the Platform
   * API token, which the proxy adds upstream.
   */
  readonly url: string;
  /**
   * The fetch the feed is requested with (one of the app's own, to add a
   * session header).
   * @default globalThis.fetch, read at each connection
   */
  readonly fetch?: typeof globalThis.fetch | undefined;
  /**
   * The first wait before reconnecting, in ms, until the server's `retry:`
   * sets another; it doubles per failed attempt (with jitter) up to
   * `maxRetryDelay`, and starts over once a connection says hello.
   * @default 1000
   */
  readonly retryDelay?: number | undefined;
  /** The longest wait between two attempts to connect, in ms. @default 30000 */
  readonly maxRetryDelay?: number | undefined;
  /**
   * A connection that sends nothing for this long, in ms, is given up and
   * made again (the proxy sends a keep-alive every 15 s).
   * @default 45000
   */
  readonly idleTimeout?: number | undefined;
  /**
   * How often the store still polls (with `refetchInterval` set) while the
   * feed is connected: a safety net for what the feed cannot see. When the
   * feed drops, polling returns to `refetchInterval`. `false`: no polling
   * while connected.
   * @default 6 × refetchInterval, and at least 60000
   */
  readonly refetchIntervalWhileConnected?: number | false | undefined;
}

/** The feed's options, checked, with their defaults. */
export interface ChangeFeedSettings {
  readonly url: string;
  readonly fetch: typeof globalThis.fetch | undefined;
  readonly retryDelay: number;
  readonly maxRetryDelay: number;
  readonly idleTimeout: number;
  /** The polling interval while connected, as given (`undefined`: the default, from the store's `refetchInterval`). */
  readonly refetchIntervalWhileConnected: number | false | undefined;
}

/**
 * The polling interval while connected, for a store that polls every
 * `interval` ms: as given, else six times as long and a minute at least;
 * `false` (none) for a store that does not poll.
 */
export function safetyNetInterval(settings: ChangeFeedSettings, interval: number | false): number | false {
  if (interval === false) return false;
  return settings.refetchIntervalWhileConnected ?? Math.min(MAX_DELAY_MS, Math.max(60_000, interval * 6));
}

function delay(options: Record<string, unknown>, name: string, fallback: number, min: number): number {
  const value = options[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value >= min) || !(value <= MAX_DELAY_MS)) throw invalid(`changes.${name} must be a number of ms from ${min} to ${MAX_DELAY_MS}`);
  return value;
}

/** An absolute http(s) URL for the feed: as given, or a path resolved against the page. */
function feedUrl(value: unknown): string {
  const problem = 'changes.url must be an http(s) URL, or a path on the page’s origin (/api/turso/changes)';
  if (typeof value !== 'string' || value === '' || value.length > MAX_URL_LENGTH || !isWellFormed(value)) throw invalid(problem);
  const page = (globalThis as { location?: { href?: unknown } }).location?.href;
  let url: URL;
  try {
    url = new URL(value, typeof page === 'string' ? page : undefined);
  } catch (cause) {
    throw invalid(value.startsWith('/') ? `${problem}: outside a page, give an absolute URL` : problem, cause);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username !== '' || url.password !== '' || url.hash !== '') throw invalid(problem);
  return url.href;
}

/** Reads `changeFeed()`'s options once. */
export function readChangeFeedOptions(value: unknown): ChangeFeedSettings {
  try {
    if (!isPlainObject(value)) throw invalid('changeFeed expects { url } (the proxy’s change feed)');
    const options = value as Record<string, unknown>;
    const fetch = options.fetch;
    if (fetch !== undefined && typeof fetch !== 'function') throw invalid('changes.fetch must be a fetch function');
    const whileConnected = options.refetchIntervalWhileConnected;
    if (whileConnected !== undefined && whileConnected !== false && !(typeof whileConnected === 'number' && whileConnected > 0 && whileConnected <= MAX_DELAY_MS)) {
      throw invalid(`changes.refetchIntervalWhileConnected must be a number of ms above 0 and at most ${MAX_DELAY_MS}, or false`);
    }
    return {
      url: feedUrl(options.url),
      fetch: fetch as typeof globalThis.fetch | undefined,
      retryDelay: delay(options, 'retryDelay', 1_000, 0),
      maxRetryDelay: delay(options, 'maxRetryDelay', 30_000, 0),
      idleTimeout: delay(options, 'idleTimeout', 45_000, 1),
      refetchIntervalWhileConnected: whileConnected as number | false | undefined,
    };
  } catch (error) {
    if (isGroupsError(error)) throw error;
    throw invalid('the changes option could not be read', error);
  }
}
