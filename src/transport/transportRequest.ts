import { GroupsError, invalidRequest as invalid } from '../errors.js';
import { isPlainObject } from '../input/plainObject.js';
import { quote } from '../input/quote.js';
import { isWellFormed } from '../input/wellFormed.js';
import { isAbortSignal } from '../input/abortSignal.js';
import type { HttpMethod, TransportRequest } from './transport.js';

const METHODS: readonly unknown[] = ['GET', 'POST', 'DELETE', 'PATCH'] satisfies HttpMethod[];

// A segment a URL parser reads as "stay" or "go up", literally or encoded.
const DOT_SEGMENT = /^(?:\.|%2e){1,2}$/i;

// Every URL is `baseURL + path`, so a rooted path that cannot be read as a host
// (`//host`, `/\\host`) keeps the token on baseURL's origin, and a path without
// dot segments keeps it below baseURL's own path (a proxy's `/api/turso`).
function isSafePath(path: unknown): path is string {
  return (
    typeof path === 'string' &&
    path.startsWith('/') &&
    !path.startsWith('//') &&
    !/[\\?#]/.test(path) &&
    isWellFormed(path) &&
    !path.split('/').some((segment) => DOT_SEGMENT.test(segment))
  );
}

/** Whether `body` is a plain object that `JSON.stringify` turns into text (no BigInt, no cycle). */
function isJsonObject(body: unknown): boolean {
  if (!isPlainObject(body)) return false;
  try {
    return typeof JSON.stringify(body) === 'string';
  } catch {
    return false;
  }
}

/**
 * A transport request, checked and copied with each field read once. The
 * API client only builds good ones; this guards a transport called directly
 * (a backend proxy, a test) so that a bad request fails as `validation`
 * before anything is sent.
 */
export function readTransportRequest(request: unknown): TransportRequest {
  try {
    if (!isPlainObject(request)) throw invalid(`invalid request ${quote(request)}: expected { method, path }`);
    const { method, path, query, body, signal, onRetry, onAnswer } = request;
    if (!METHODS.includes(method)) throw invalid(`invalid request method ${quote(method)}`);
    if (!isSafePath(path)) throw invalid(`invalid request path ${quote(path)}`);
    if (query !== undefined && !(isPlainObject(query) && Object.values(query).every((v) => typeof v === 'string' && isWellFormed(v)))) {
      throw invalid('invalid request query: expected an object of strings');
    }
    if (body !== undefined && !isJsonObject(body)) throw invalid('invalid request body: expected a JSON object');
    if (signal !== undefined && !isAbortSignal(signal)) throw invalid(`invalid request signal ${quote(signal)}: expected an AbortSignal`);
    if (onRetry !== undefined && typeof onRetry !== 'function') throw invalid(`invalid request onRetry ${quote(onRetry)}: expected a function`);
    if (onAnswer !== undefined && typeof onAnswer !== 'function') throw invalid(`invalid request onAnswer ${quote(onAnswer)}: expected a function`);
    const copy: { -readonly [K in keyof TransportRequest]: TransportRequest[K] } = { method: method as HttpMethod, path };
    if (query !== undefined) copy.query = { ...(query as Record<string, string>) };
    if (body !== undefined) copy.body = body;
    if (signal !== undefined) copy.signal = signal;
    if (onRetry !== undefined) copy.onRetry = onRetry as TransportRequest['onRetry'];
    if (onAnswer !== undefined) copy.onAnswer = onAnswer as TransportRequest['onAnswer'];
    return copy;
  } catch (error) {
    throw error instanceof GroupsError ? error : invalid('the request could not be read', error);
  }
}
