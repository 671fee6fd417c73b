import type fc from 'fast-check';
import type { Group } from '../../src/index.js';
import type { PlatformEmulator } from '../../src/emulator/index.js';

// The pieces of the feed's model-based test: an upstream that numbers every
// value it holds (a per-group `rev`, added to every group it answers), and a
// feed connection whose frames reach the store only when the test says so —
// in order, late, twice, or not at all when the test cuts the connection.

/** A group's value without `rev` and without delete protection (which a configuration answer patches in without a rev). */
export function valueOf(group: Pick<Group, 'primary' | 'locations' | 'archived'>): string {
  return `${group.primary}|${group.locations.join(',')}${group.archived === true ? '|archived' : ''}`;
}

export function revOf(group: Group): number {
  return (group as Group & { rev?: number }).rev ?? -1;
}

/**
 * The emulator as the proxy's upstream, one request at a time, counting
 * each group's versions: every change (created, changed, gone) is a new
 * `rev`, and every group an answer names carries the rev it had when the
 * answer was made. `held` lists every `name@rev:value` the server held.
 */
export class NumberedUpstream {
  readonly held = new Set<string>();
  readonly #revs = new Map<string, number>();
  #last = new Map<string, string>();
  #queue: Promise<void> = Promise.resolve();

  constructor(
    readonly emulator: PlatformEmulator,
    readonly org: string,
    readonly scheduler: fc.Scheduler,
  ) {
    this.#record();
  }

  rev(name: string): number {
    return this.#revs.get(name) ?? 0;
  }

  readonly fetch: typeof globalThis.fetch = async (input, init) => {
    let release = (): void => undefined;
    const turn = this.#queue;
    this.#queue = new Promise((resolve) => (release = resolve));
    await turn;
    let response: Response;
    let body: string;
    try {
      response = await this.emulator.fetch(input, init);
      // Numbered before the next request is let in: the rev is the one this answer's value had.
      body = this.#numbered(await response.text(), () => this.#record());
    } catch (error) {
      this.#record();
      throw error;
    } finally {
      release();
    }
    // The answer's trip back to the proxy: other answers may overtake it.
    await this.scheduler.schedule(Promise.resolve(), 'upstream answer reaches the proxy');
    return new Response(response.status === 204 ? null : body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };

  #record(): void {
    const now = new Map(this.emulator.snapshot(this.org).groups.map((g) => [g.name, valueOf(g)]));
    for (const [name, value] of now) if (this.#last.get(name) !== value) this.#revs.set(name, this.rev(name) + 1);
    for (const name of this.#last.keys()) if (!now.has(name)) this.#revs.set(name, this.rev(name) + 1);
    this.#last = now;
    for (const [name, value] of now) this.held.add(`${name}@${this.rev(name)}:${value}`);
  }

  #numbered(text: string, record: () => void): string {
    record();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return text; // an injected malformed answer stays malformed
    }
    const number = (group: unknown): void => {
      if (typeof group === 'object' && group !== null && typeof (group as Group).name === 'string' && Array.isArray((group as Group).locations)) {
        (group as { rev?: number }).rev = this.rev((group as Group).name);
      }
    };
    if (typeof body === 'object' && body !== null) {
      const record = body as { group?: unknown; groups?: unknown };
      number(record.group);
      if (Array.isArray(record.groups)) record.groups.forEach(number);
      number(body); // transfer answers the group itself
    }
    return JSON.stringify(body);
  }
}

/** One feed connection as the store sees it: the proxy's frames, let through by the test. */
export class HeldStream {
  /** Frames the proxy sent that the store has not been given. */
  readonly waiting: string[] = [];
  /** Frames given, in order (to give one again, late). */
  readonly given: string[] = [];
  readonly response: Response;
  #controller!: ReadableStreamDefaultController<Uint8Array>;
  #closed = false;
  readonly #source: ReadableStreamDefaultReader<Uint8Array> | undefined;
  readonly #encoder = new TextEncoder();

  /** `before` runs before each frame is given (the test moves the clock: each arrival is its own moment). */
  constructor(upstream: Response, private readonly before: () => void = () => undefined) {
    const body = new ReadableStream<Uint8Array>({
      start: (controller) => {
        this.#controller = controller;
      },
      cancel: () => this.cut(),
    });
    this.response = new Response(upstream.body ? body : null, { status: upstream.status, headers: upstream.headers });
    this.#source = upstream.body?.getReader();
    if (this.#source) void this.#pump(this.#source);
  }

  get open(): boolean {
    return !this.#closed;
  }

  /** Gives the next `count` frames. */
  give(count = 1): void {
    for (let i = 0; i < count && this.waiting.length > 0 && !this.#closed; i++) {
      if (this.atEnd) this.endIfDone();
      else this.#send(this.waiting.shift() as string);
    }
  }

  /** Gives the next frame twice. */
  giveTwice(): void {
    if (this.atEnd) return this.endIfDone();
    const frame = this.waiting.shift();
    if (frame === undefined) return;
    this.#send(frame);
    this.#send(frame);
  }

  /** Gives again a frame given before (a duplicate arriving late). */
  giveAgain(at: number): void {
    if (this.given.length === 0) return;
    this.#send(this.given[at % this.given.length] as string);
  }

  /** Drops the connection: what was not given is lost. */
  cut(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.waiting.length = 0;
    void this.#source?.cancel().catch(() => undefined);
    try {
      this.#controller.error(new TypeError('connection cut'));
    } catch {
      // already closed
    }
  }

  #send(frame: string): void {
    if (this.#closed) return;
    this.before();
    this.given.push(frame);
    this.#controller.enqueue(this.#encoder.encode(frame));
  }

  async #pump(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let text = '';
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done || this.#closed) break;
        text += decoder.decode(value, { stream: true });
        let end = text.indexOf('\n\n');
        while (end >= 0) {
          this.waiting.push(text.slice(0, end + 2));
          text = text.slice(end + 2);
          end = text.indexOf('\n\n');
        }
      }
    } catch {
      // the proxy ended it, or the test cut it
    }
    // The proxy closed the stream (after a reload): the store sees the end once it was given all before it.
    if (!this.#closed) this.waiting.push('');
  }

  /** Whether the next frame is the stream's end. */
  get atEnd(): boolean {
    return this.waiting[0] === '';
  }

  /** Ends the stream for the store, if the proxy ended it and every frame before was given. */
  endIfDone(): void {
    if (!this.atEnd || this.#closed) return;
    this.waiting.shift();
    this.#closed = true;
    try {
      this.#controller.close();
    } catch {
      // already closed
    }
  }
}
