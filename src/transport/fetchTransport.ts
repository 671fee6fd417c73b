import { createFetch, FetchError } from 'ofetch';
import { GroupsError, codeForStatus, isGroupsError } from '../errors.js';
import { backoffDelay, parseRetryAfter, retryStatuses } from './retryPolicy.js';
import type { Transport, TransportRequest } from './transport.js';
import { readTransportOptions } from './transportOptions.js';
import { readTransportRequest } from './transportRequest.js';
import { untilAborted } from '../input/untilAborted.js';
import { redactedCause, redactSecrets } from '../input/secretText.js';
import { MAX_DELAY_MS } from '../input/maxDelay.js';

/** A Platform API token, or a getter called before every attempt (so a refreshed token is picked up). */
export type TokenSource = string | (() => string | Promise<string>);

export interface FetchTransportOptions {
  /**
   * The Platform API token, sent as `Authorization: Bearer …` and only to
   * `baseURL`'s origin. Leave it out when `baseURL` is your own backend, which
   * adds the token server-side.
   * @default undefined (no Authorization header)
   */
  readonly token?: TokenSource | undefined;
  /**
   * Where the API lives: an absolute http(s) URL, without query, fragment or
   * credentials. May carry a path prefix (`https://app.example/api/turso`).
   * @default 'https://api.turso.tech'
   */
  readonly baseURL?: string | undefined;
  /**
   * The fetch to send requests with: a backend proxy's, the emulator's
   * in-memory one, a test double.
   * @default globalThis.fetch, read at call time
   */
  readonly fetch?: typeof globalThis.fetch | undefined;
  /**
   * Milliseconds one attempt may take before it fails with `timeout`; 0 turns
   * it off. At most 2147483647 (what `setTimeout` holds).
   * @default 30000
   */
  readonly timeout?: number | undefined;
  /**
   * How many times a failed call is tried again. Reads (GET) retry network
   * errors, timeouts, 408, 425, 429 and 5xx; mutations retry only 429 and 503,
   * which the server answers before acting. A whole number from 0 to 100.
   * @default 2
   */
  readonly retry?: number | undefined;
  /**
   * Milliseconds before retry number `attempt` (0-based). A `Retry-After`
   * header takes precedence. A function's answer above 2147483647 (what
   * `setTimeout` holds) waits that long.
   * @default 300 ms doubling per attempt, capped at 10 s, with jitter
   */
  readonly retryDelay?: number | ((attempt: number) => number) | undefined;
  /**
   * The longest `Retry-After` (ms) worth waiting for. A longer one fails at
   * once with `rate_limited` and `retryAfterMs` set, for the caller to decide.
   * @default 60000
   */
  readonly maxRetryAfter?: number | undefined;
}

export { DEFAULT_BASE_URL } from './transportOptions.js';

function abortError(): DOMException {
  return new DOMException('The operation was aborted.', 'AbortError');
}

function timeoutError(ms: number): DOMException {
  return new DOMException(`The request took longer than ${ms} ms.`, 'TimeoutError');
}

/**
 * The default transport, built on ofetch: JSON in and out, the bearer token,
 * a per-attempt timeout, retries with backoff that honour `Retry-After`, and
 * every failure turned into a `GroupsError`.
 *
 * Throws a `validation` GroupsError for options it cannot use; each option is
 * read once. The transport it returns rejects a malformed request (unknown
 * method, a path with dot segments or that could name another host, a body
 * that is no JSON object) as `validation` before anything is sent.
 *
 * @example
 * const transport = createFetchTransport({ token: () => session.tursoToken })
 */
export function createFetchTransport(options: FetchTransportOptions = {}): Transport {
  // Read once: a getter on the options cannot change them after this check.
  const settings = readTransportOptions(options);
  const { baseURL, timeout, retry: retries, maxRetryAfter, retryDelay } = settings;
  // A function's answer is capped at the longest wait a timer keeps: a longer one would fire at once.
  const delayFor = (attempt: number): number =>
    typeof retryDelay === 'function' ? Math.min(MAX_DELAY_MS, retryDelay(attempt)) : retryDelay ?? backoffDelay(attempt);

  // One attempt: ofetch's own timeout is not re-armed on retries and ignores
  // the caller's signal, so each attempt gets its own controller here. The
  // body is read here as well, so the timeout and the signal cover all of the
  // answer, not only its headers: a connection that hangs mid-body fails too.
  async function attempt(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const outer = init?.signal ?? undefined;
    if (outer?.aborted) throw abortError();
    const controller = new AbortController();
    const onAbort = (): void => controller.abort(abortError());
    outer?.addEventListener('abort', onAbort, { once: true });
    let timedOut = false;
    const timer = timeout > 0 ? setTimeout(() => { timedOut = true; controller.abort(timeoutError(timeout)); }, timeout) : undefined;
    const fetchImpl = settings.fetch ?? globalThis.fetch;
    try {
      const response = await fetchImpl(input, { method: init?.method ?? 'GET', headers: init?.headers ?? {}, body: init?.body ?? null, signal: controller.signal });
      return await readWhole(response, controller.signal);
    } catch (error) {
      if (timedOut) throw timeoutError(timeout);
      if (outer?.aborted) throw abortError();
      throw error;
    } finally {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onAbort);
    }
  }

  // ofetch's Headers and AbortController are the host's own (globalThis's, read here).
  const $fetch = createFetch({ fetch: attempt });

  return async function fetchTransport(input: TransportRequest): Promise<unknown> {
    const request = readTransportRequest(input);
    const query = request.query ? `?${new URLSearchParams(request.query)}` : '';
    const url = `${baseURL}${request.path}${query}`;
    const { signal } = request;
    let sentToken: string | undefined;
    // ofetch decides whether to retry; the wait before a retry happens here, in
    // onRequest, because ofetch's own sleep cannot be aborted and would leave a
    // timer behind an aborted call.
    let failures = 0;
    let wait = 0;
    // Why the last attempt failed: what a retry is told, redacted like every error of this transport.
    let reason: GroupsError | undefined;

    try {
      return await $fetch(url, {
        method: request.method,
        body: request.body as Record<string, unknown> | undefined,
        signal: signal ?? null,
        retry: retries,
        retryStatusCodes: retryStatuses(request.method),
        retryDelay: 0,
        async onRequest(context) {
          // Called again only for a retry that ofetch decided to make.
          if (failures > 0 && reason) tell(request.onRetry, { attempt: failures, reason, waitMs: wait });
          if (wait > 0) await sleep(wait, signal);
          wait = 0;
          // The getter may wait on something that never comes (a session refresh): the signal still ends the call.
          const reading = readToken(settings.token);
          const token = signal ? await untilAborted(reading, signal).catch((error: unknown) => {
            throw signal.aborted ? abortError() : error;
          }) : await reading;
          if (!token) return;
          sentToken = token;
          try {
            (context.options.headers as Headers).set('authorization', `Bearer ${token}`);
          } catch {
            // The platform's message would quote the header value: the token.
            throw new GroupsError({ code: 'unauthorized', operation: 'request', detail: 'the token is not a valid header value' });
          }
        },
        onResponse(context) {
          tell(request.onAnswer, { status: context.response.status, headers: context.response.headers });
        },
        onRequestError(context) {
          reason = toGroupsError(context.error, sentToken);
          wait = delayFor(failures++);
        },
        onResponseError(context) {
          const { response } = context;
          reason = answerError(response.status, response.statusText, (response as { _data?: unknown })._data, response.headers, sentToken);
          const after = parseRetryAfter(response.headers.get('retry-after'), Date.now());
          if (after !== undefined && after > maxRetryAfter) context.options.retry = 0;
          wait = after ?? delayFor(failures);
          failures += 1;
        },
      });
    } catch (error) {
      throw toGroupsError(error, sentToken);
    }
  };
}

/** Statuses whose answers have no body. */
const NO_BODY = new Set([204, 205, 304]);

/**
 * The response with its body read to the end, or a rejection as soon as
 * `signal` fires, even when the fetch in use does not tie the body to it.
 */
function readWhole(response: Response, signal: AbortSignal): Promise<Response> {
  if (response.status < 200 || !response.body) return Promise.resolve(response);
  return untilAborted(response.arrayBuffer(), signal).then((body) => {
    const whole = new Response(NO_BODY.has(response.status) ? null : body, { status: response.status, statusText: response.statusText, headers: response.headers });
    // ofetch reads a JSON or text answer as text: this copy gives it from
    // memory, at once, instead of another pass through a body stream, which
    // in a browser resolves a task later (a frame, or whatever else is
    // queued, may run first: a page's first list would wait for it). The
    // same decoding as Response's own text(): UTF-8, a leading BOM dropped.
    // Every host whose fetch streams bodies has TextDecoder (a fetch without
    // `body`, as React Native's, never gets here).
    whole.text = async () => new TextDecoder().decode(body);
    return whole;
  });
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError());
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

async function readToken(source: TokenSource | undefined): Promise<string | undefined> {
  if (typeof source !== 'function') return source;
  try {
    return await source();
  } catch (cause) {
    // Its error may quote a token (the old one, a JWT): only a redacted copy is kept then.
    throw new GroupsError({ code: 'unauthorized', operation: 'request', detail: 'the token getter failed', cause: redactedCause(cause, undefined) });
  }
}

/** An error answer as a GroupsError: the server's `{ error }` text (redacted), or the status text. */
function answerError(status: number, statusText: string, data: unknown, headers: Headers, token: string | undefined): GroupsError {
  const message = typeof data === 'object' && data !== null && typeof (data as { error?: unknown }).error === 'string'
    ? (data as { error: string }).error
    : statusText || undefined;
  const retryAfterMs = status === 429 || status === 503 ? parseRetryAfter(headers.get('retry-after'), Date.now()) : undefined;
  return new GroupsError({
    code: codeForStatus(status),
    operation: 'request',
    status,
    detail: message === undefined ? undefined : redactSecrets(message, token),
    retryAfterMs,
  });
}

/** Tells `listener` of a retry or an answer; what it throws is reported apart, never thrown into the call. */
function tell<T>(listener: ((value: T) => void) | undefined, value: T): void {
  if (!listener) return;
  try {
    listener(value);
  } catch (error) {
    queueMicrotask(() => {
      throw error;
    });
  }
}

function toGroupsError(error: unknown, token: string | undefined): GroupsError {
  if (isGroupsError(error)) return error;
  // ofetch's FetchError exposes the request options, headers included: keep
  // only the low-level cause, never the FetchError itself; and that cause
  // only as a redacted copy if it quotes the token (a fetch wrapper's message).
  const lowLevel = error instanceof FetchError ? error.cause : error;
  const cause = redactedCause(lowLevel, token);
  const response = error instanceof FetchError ? error.response : undefined;
  if (response) return answerError(response.status, response.statusText, error instanceof FetchError ? error.data : undefined, response.headers, token);
  const name = (cause as { name?: unknown } | undefined)?.name;
  if (name === 'TimeoutError') return new GroupsError({ code: 'timeout', operation: 'request', detail: 'timed out', cause });
  if (name === 'AbortError') return new GroupsError({ code: 'aborted', operation: 'request', detail: 'aborted', cause });
  return new GroupsError({ code: 'network', operation: 'request', detail: 'network error', cause });
}
