import { GroupsError, codeForStatus } from '../errors.js';
import { parseRetryAfter } from '../transport/retryPolicy.js';
import { readFeedMessage, type FeedMessage } from './feedMessage.js';
import { SseParser } from './sseParser.js';

/** How the stream connects and reconnects. */
export interface ChangeStreamSettings {
  /** The feed's absolute URL. */
  readonly url: string;
  /** @default globalThis.fetch, read at each connection */
  readonly fetch: typeof globalThis.fetch | undefined;
  /** The first wait before reconnecting, in ms, until the server's `retry:` says otherwise. */
  readonly retryDelay: number;
  /** The longest wait between attempts, in ms. */
  readonly maxRetryDelay: number;
  /** A connection that sends nothing (not even its keep-alive) for this long, in ms, is given up. */
  readonly idleTimeout: number;
}

/** What the stream tells its owner. */
export interface ChangeStreamListener {
  /** A connection attempt starts. */
  opening(): void;
  /** A message of the feed, in the order the server sent them. */
  message(message: FeedMessage): void;
  /** The connection ended or could not be made; the next attempt comes in `retryInMs`. */
  dropped(error: GroupsError, retryInMs: number): void;
}

function feedError(code: GroupsError['code'], detail: string, status?: number, cause?: unknown): GroupsError {
  return new GroupsError({ code, operation: 'request', status, detail: `the change feed ${detail}`, cause });
}

/**
 * A Server-Sent Events client over `fetch` (not `EventSource`: it runs the
 * same in Node, in happy-dom and in browsers, can go through a fetch of
 * the app's own, and its reconnection is the store's to decide). It keeps
 * one connection open while started: when it ends, it reconnects after a
 * wait that doubles per failed attempt from the server's `retry:` (or
 * `retryDelay`) up to `maxRetryDelay`, with jitter, and starts again from
 * the first wait once a connection said hello. Each attempt sends
 * `Last-Event-ID` when its owner has one.
 */
export class ChangeStream {
  readonly #settings: ChangeStreamSettings;
  readonly #listener: ChangeStreamListener;
  readonly #lastEventId: () => string | undefined;
  #controller: AbortController | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #retryDelay: number;
  #failures = 0;

  constructor(settings: ChangeStreamSettings, listener: ChangeStreamListener, lastEventId: () => string | undefined) {
    this.#settings = settings;
    this.#listener = listener;
    this.#lastEventId = lastEventId;
    this.#retryDelay = settings.retryDelay;
  }

  /** Whether it is connected, connecting, or waiting to reconnect. */
  get running(): boolean {
    return this.#controller !== undefined || this.#timer !== undefined;
  }

  /** Connects, unless it is connected or waiting already. */
  start(): void {
    if (this.running) return;
    void this.#connect();
  }

  /** Closes the connection and forgets any wait: nothing is told after. */
  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const controller = this.#controller;
    this.#controller = undefined;
    controller?.abort();
    this.#failures = 0;
  }

  async #connect(): Promise<void> {
    const controller = new AbortController();
    this.#controller = controller;
    const current = (): boolean => this.#controller === controller;
    this.#listener.opening();
    let idle: ReturnType<typeof setTimeout> | undefined;
    const stillThere = (): void => {
      clearTimeout(idle);
      idle = setTimeout(() => controller.abort(feedError('timeout', `sent nothing for ${this.#settings.idleTimeout} ms`)), this.#settings.idleTimeout);
    };
    let error: GroupsError;
    try {
      stillThere();
      const headers: Record<string, string> = { accept: 'text/event-stream' };
      const lastEventId = this.#lastEventId();
      if (lastEventId !== undefined) headers['last-event-id'] = lastEventId;
      const fetchImpl = this.#settings.fetch ?? globalThis.fetch;
      const response = await fetchImpl(this.#settings.url, { method: 'GET', headers, signal: controller.signal });
      if (!response.ok) {
        void response.body?.cancel().catch(() => undefined);
        const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), Date.now());
        error = new GroupsError({ code: codeForStatus(response.status), operation: 'request', status: response.status, detail: `the change feed answered ${response.status}`, retryAfterMs });
      } else if (!(response.headers.get('content-type') ?? '').toLowerCase().startsWith('text/event-stream') || !response.body) {
        void response.body?.cancel().catch(() => undefined);
        error = feedError('bad_response', 'answered something other than an event stream', response.status);
      } else {
        error = await this.#read(response.body, controller, current, stillThere);
      }
    } catch (cause) {
      const reason: unknown = controller.signal.reason;
      error = reason instanceof GroupsError ? reason : feedError('network', 'could not be reached', undefined, cause);
    } finally {
      clearTimeout(idle);
    }
    if (!current()) return; // stopped: nobody is told
    this.#controller = undefined;
    controller.abort();
    // A server that said when to come back (a 503 while its bus is down) is not asked sooner.
    const wait = Math.min(this.#settings.maxRetryDelay, Math.max(this.#nextWait(), error.retryAfterMs ?? 0));
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#connect();
    }, wait);
    this.#listener.dropped(error, wait);
  }

  /** Reads the stream until it ends; returns why it ended. */
  async #read(body: ReadableStream<Uint8Array>, controller: AbortController, current: () => boolean, stillThere: () => void): Promise<GroupsError> {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    const parser = new SseParser();
    const cancel = (): void => void reader.cancel().catch(() => undefined);
    controller.signal.addEventListener('abort', cancel, { once: true });
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (!current()) return feedError('aborted', 'was closed');
        if (done) return feedError('network', 'connection was closed by the server');
        stillThere();
        for (const item of parser.push(decoder.decode(value, { stream: true }))) {
          if (!current()) return feedError('aborted', 'was closed');
          if (item.type === 'retry') this.#retryDelay = Math.min(item.ms, this.#settings.maxRetryDelay);
          if (item.type !== 'event') continue;
          const message = readFeedMessage(item.event, item.data, item.id);
          if (message === undefined) continue;
          // A connection that said hello is a good one: the next drop waits the first wait again.
          if (message.type === 'hello') this.#failures = 0;
          this.#listener.message(message);
        }
      }
    } catch (cause) {
      const reason: unknown = controller.signal.reason;
      if (reason instanceof GroupsError) return reason;
      return feedError('network', 'connection failed', undefined, cause);
    } finally {
      controller.signal.removeEventListener('abort', cancel);
    }
  }

  /** The wait before the next attempt: doubling per failure from the first wait, capped, with jitter (half fixed, half random). */
  #nextWait(): number {
    const { maxRetryDelay } = this.#settings;
    const full = Math.min(maxRetryDelay, this.#retryDelay * 2 ** Math.min(this.#failures, 30));
    this.#failures += 1;
    return Math.round(full / 2 + (Math.random() * full) / 2);
  }
}
