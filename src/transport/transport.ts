export type HttpMethod = 'GET' | 'POST' | 'DELETE';

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
