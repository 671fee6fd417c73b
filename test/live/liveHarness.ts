import { afterEach, vi } from 'vitest';
import {
  createFetchTransport,
  createGroupsStore,
  manualEnvironment,
  type BroadcastChannelLike,
  type GroupsStore,
  type GroupsStoreOptions,
  type LockManagerLike,
  type ManualEnvironment,
} from '../../src/index.js';
import { createPlatformEmulator, type PlatformEmulator, type PlatformEmulatorOptions } from '../../src/emulator/index.js';
import { ORG, TOKEN } from '../support/emulatorHarness.js';

// Stores with live data over one in-memory emulator, driven by fake timers
// and a manual environment: no sleeps anywhere.

export const SEED = [
  { name: 'alpha', locations: ['lhr', 'ams'] },
  { name: 'beta', locations: ['fra'] },
];

type LiveOptions = Omit<Partial<Extract<GroupsStoreOptions, { api: unknown }>>, 'api'>;

export interface LiveTab {
  readonly store: GroupsStore;
  readonly environment: ManualEnvironment;
  /** Requests this store sent, as "METHOD /path" below the organization. */
  readonly sent: string[];
}

const stores: GroupsStore[] = [];

afterEach(() => {
  for (const store of stores.splice(0)) store.dispose();
  vi.useRealTimers();
});

export function startEmulator(options: Partial<PlatformEmulatorOptions> = {}): PlatformEmulator {
  return createPlatformEmulator({ org: ORG, token: TOKEN, groups: SEED, ...options });
}

export interface TabWire {
  /**
   * Holds the emulator's answer to a request for this many ms before the
   * store sees it: the server has read (or acted) already, the answer is late.
   */
  readonly holdAnswer?: (request: string) => number;
}

/** A store over `emulator` with no transport retries, so every failure counts once. */
export function openTab(emulator: PlatformEmulator, options: LiveOptions = {}, environment = manualEnvironment(), wire: TabWire = {}): LiveTab {
  const sent: string[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const request = `${init?.method ?? 'GET'} ${url.pathname.replace(`/v1/organizations/${ORG}`, '')}`;
    sent.push(request);
    const response = await emulator.fetch(input, init);
    const hold = wire.holdAnswer?.(request) ?? 0;
    if (hold > 0) await new Promise((resolve) => setTimeout(resolve, hold));
    return response;
  };
  const transport = createFetchTransport({ token: TOKEN, baseURL: 'http://emulator.invalid', fetch, retry: 0 });
  const store = createGroupsStore({ org: ORG, transport, environment, ...options });
  stores.push(store);
  return { store, environment, sent };
}

/**
 * A bus standing in for BroadcastChannel: every message is held until the
 * test delivers it, so delays, drops, duplicates and reordering are explicit.
 */
export class TestBus {
  readonly #members = new Set<TestChannel>();
  readonly queue: Array<{ from: TestChannel; data: unknown }> = [];
  /** Every message posted, as sent. */
  readonly log: unknown[] = [];

  channel(): BroadcastChannelLike {
    const channel = new TestChannel(this);
    this.#members.add(channel);
    return channel;
  }

  post(from: TestChannel, data: unknown): void {
    // Structured clone, as BroadcastChannel does: no shared objects between tabs.
    const copy = structuredClone(data);
    this.log.push(copy);
    this.queue.push({ from, data: copy });
  }

  leave(channel: TestChannel): void {
    this.#members.delete(channel);
  }

  /** Delivers message `index` of the queue (default the oldest) to every other member; returns false when none. */
  deliver(index = 0, { keep = false } = {}): boolean {
    const message = keep ? this.queue[index] : this.queue.splice(index, 1)[0];
    if (!message) return false;
    for (const member of this.#members) if (member !== message.from) member.receive(message.data);
    return true;
  }

  /** Delivers everything, including what delivering sends, in order. */
  deliverAll(): void {
    let guard = 0;
    while (this.deliver() && guard++ < 10_000);
  }
}

class TestChannel implements BroadcastChannelLike {
  readonly #bus: TestBus;
  readonly #listeners = new Set<(event: { data: unknown }) => void>();
  constructor(bus: TestBus) {
    this.#bus = bus;
  }
  postMessage(message: unknown): void {
    this.#bus.post(this, message);
  }
  addEventListener(_type: 'message', listener: (event: { data: unknown }) => void): void {
    this.#listeners.add(listener);
  }
  removeEventListener(_type: 'message', listener: (event: { data: unknown }) => void): void {
    this.#listeners.delete(listener);
  }
  close(): void {
    this.#bus.leave(this);
  }
  receive(data: unknown): void {
    for (const listener of [...this.#listeners]) listener({ data });
  }
}

/** Web Locks in miniature: one holder per name, the others wait in line, an abort leaves the line. */
export class TestLocks implements LockManagerLike {
  readonly #lines = new Map<string, Array<() => void>>();
  readonly #held = new Set<string>();
  readonly #grantDelay: number;

  /** `grantDelay`: how long a free lock takes to be granted, in ms, as in a busy browser (0: at once). */
  constructor(options: { grantDelay?: number } = {}) {
    this.#grantDelay = options.grantDelay ?? 0;
  }

  query(): Promise<{ held: Array<{ name: string }> }> {
    return Promise.resolve({ held: [...this.#held].map((name) => ({ name })) });
  }

  request(name: string, options: { signal?: AbortSignal }, callback: (lock: unknown) => Promise<unknown>): Promise<unknown> {
    if (this.#grantDelay > 0) {
      const delay = this.#grantDelay;
      return new Promise((resolve) => setTimeout(resolve, delay)).then(() => this.#queue(name, options, callback));
    }
    return this.#queue(name, options, callback);
  }

  #queue(name: string, options: { signal?: AbortSignal }, callback: (lock: unknown) => Promise<unknown>): Promise<unknown> {
    return new Promise((resolve, reject) => {
      if (options.signal?.aborted) {
        reject(new DOMException('aborted', 'AbortError'));
        return;
      }
      const grant = (): void => {
        this.#held.add(name);
        void callback({ name }).then(resolve, reject).finally(() => {
          this.#held.delete(name);
          this.#lines.get(name)?.shift()?.();
        });
      };
      if (!this.#held.has(name)) {
        grant();
        return;
      }
      const line = this.#lines.get(name) ?? [];
      this.#lines.set(name, line);
      line.push(grant);
      options.signal?.addEventListener('abort', () => {
        const index = line.indexOf(grant);
        if (index >= 0) line.splice(index, 1);
        reject(new DOMException('aborted', 'AbortError'));
      });
    });
  }
}

/** Lets fake time pass in steps, so promises settle between timers. */
export async function pass(ms: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
}
