// One browser's event stream, with a bounded buffer of its own. The body is
// pulled: a chunk leaves the buffer only when the reader (the runtime
// writing the response, or toNodeHandler once the socket drained) asks for
// the next one, so what sits in the buffer is exactly what the browser has
// not taken yet. Past the bound the browser is too slow to follow: what is
// buffered is dropped, it is told to reload, and the stream ends, so one
// slow browser never holds memory or anyone else up.

export interface ConnectionLimits {
  /** The most unsent bytes. */
  readonly maxBufferBytes: number;
  /** The most unsent frames. */
  readonly maxBufferEvents: number;
}

export type SendResult = 'sent' | 'overflow' | 'closed';

const encoder = new TextEncoder();

export class FeedConnection {
  readonly body: ReadableStream<Uint8Array>;
  readonly #limits: ConnectionLimits;
  readonly #onClose: () => void;
  #controller!: ReadableStreamDefaultController<Uint8Array>;
  readonly #queue: Uint8Array[] = [];
  #bytes = 0;
  /** The reader waits for a chunk: the next one goes to it directly. */
  #wanted = false;
  /** No frame is taken any more; the stream closes once the queue is out. */
  #ending = false;
  #closed = false;

  constructor(limits: ConnectionLimits, onClose: () => void) {
    this.#limits = limits;
    this.#onClose = onClose;
    this.body = new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          this.#controller = controller;
        },
        pull: () => this.#pull(),
        cancel: () => this.#finish(),
      },
      // Nothing is queued inside the stream: the buffer is the class's own, bounded.
      { highWaterMark: 0 },
    );
  }

  /** Whether the stream still takes frames. */
  get open(): boolean {
    return !this.#ending && !this.#closed;
  }

  /** Whether it was ended (overflow or the bus) and still waits for the browser to take the last frame. */
  get ending(): boolean {
    return this.#ending && !this.#closed;
  }

  /** Queues `frame`; past the bounds, nothing is queued and `overflow` is answered. */
  send(frame: string): SendResult {
    if (!this.open) return 'closed';
    const bytes = encoder.encode(frame);
    if (this.#wanted) {
      this.#wanted = false;
      this.#controller.enqueue(bytes);
      return 'sent';
    }
    if (this.#bytes + bytes.length > this.#limits.maxBufferBytes || this.#queue.length + 1 > this.#limits.maxBufferEvents) return 'overflow';
    this.#queue.push(bytes);
    this.#bytes += bytes.length;
    return 'sent';
  }

  /**
   * Ends the stream after `lastFrame`. With `dropQueued` (a browser too slow
   * to follow), what it has not taken yet is dropped first: it reloads anyway.
   */
  end(lastFrame: string, dropQueued: boolean): void {
    if (!this.open) return;
    if (dropQueued) {
      this.#queue.length = 0;
      this.#bytes = 0;
    }
    this.#ending = true;
    const bytes = encoder.encode(lastFrame);
    this.#queue.push(bytes);
    this.#bytes += bytes.length;
    if (this.#wanted) this.#pull();
  }

  /** The browser left (its request was aborted): frees the connection. */
  close(): void {
    if (this.#closed) return;
    try {
      this.#controller.close();
    } catch {
      // Already closed or errored by the reader's side.
    }
    this.#finish();
  }

  /** Drops the connection at once (a browser that does not even take its last frame). */
  abort(): void {
    if (this.#closed) return;
    this.#controller.error(new Error('the browser took no frame'));
    this.#finish();
  }

  #pull(): void {
    if (this.#closed) return;
    const next = this.#queue.shift();
    if (next === undefined) {
      this.#wanted = true;
      return;
    }
    this.#wanted = false;
    this.#bytes -= next.length;
    this.#controller.enqueue(next);
    if (this.#ending && this.#queue.length === 0) {
      this.#controller.close();
      this.#finish();
    }
  }

  /** Frees the connection: the browser left, or the stream ended. */
  #finish(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#queue.length = 0;
    this.#bytes = 0;
    this.#onClose();
  }
}
