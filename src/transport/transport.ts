import type { GroupsError } from '../errors.js';

export type HttpMethod = 'GET' | 'POST' | 'DELETE' | 'PATCH';

/** One call to the Platform API, as the API client hands it to a transport. */
export interface TransportRequest {
  readonly method: HttpMethod;
  /** Below the base URL, starting with `/`; every segment is already URI-encoded. */
  readonly path: string;
  /** Query parameters, encoded by the transport. */
  readonly query?: Readonly<Record<string, string>>;
  /** A JSON-serializable body, sent as `application/json`. */
  readonly body?: unknown;
  /** Aborts the call, including any wait between retries. */
  readonly signal?: AbortSignal | undefined;
  /**
   * Told of each retry before its wait begins, so a log can show what the
   * transport does. An exception it throws is reported, never thrown into the call.
   * @default undefined
   */
  readonly onRetry?: ((retry: TransportRetry) => void) | undefined;
  /**
   * Told of each answer the server sends (its status and headers), before
   * its body is read into the result: how the store reads the proxy's
   * `X-Groups-Feed` position. Transports that do not call it are fine: the
   * store then cannot place the answer in the feed's order, and re-reads
   * instead. An exception it throws is reported, never thrown into the call.
   * @default undefined
   */
  readonly onAnswer?: ((answer: TransportAnswer) => void) | undefined;
}

/** An answer as a transport received it, for {@link TransportRequest.onAnswer}. */
export interface TransportAnswer {
  readonly status: number;
  readonly headers: Headers;
}

/** A retry the transport is about to make. */
export interface TransportRetry {
  /** 1 for the first retry of the call, 2 for the second, … */
  readonly attempt: number;
  /** Why the previous attempt failed. */
  readonly reason: GroupsError;
  /** Milliseconds it waits before sending the retry. */
  readonly waitMs: number;
}

/**
 * Sends one request and resolves with the parsed JSON answer (`undefined` for
 * an empty body). Failures reject with a `GroupsError`; anything else a custom
 * transport throws is reported by the API client as a `network` error.
 *
 * The default is {@link createFetchTransport}; a backend proxy, the emulator's
 * in-memory fetch or a test double fit the same shape.
 */
export type Transport = (request: TransportRequest) => Promise<unknown>;
