import type { Observable } from 'rxjs';
import { afterEach, vi } from 'vitest';
import { createFetchTransport, createGroupsStore, type GroupMeta, type GroupsStore } from '../../src/index.js';
import { createPlatformEmulator, type PlatformEmulator, type PlatformEmulatorOptions } from '../../src/emulator/index.js';
import { listen } from '../../src/emulator/node.js';
import { ORG, TOKEN, type Wire } from './emulatorHarness.js';

/** The two groups most store tests start from. */
export const SEED = [
  { name: 'alpha', locations: ['lhr', 'ams'] },
  { name: 'beta', locations: ['fra'] },
];

export interface StoreHarness {
  readonly store: GroupsStore;
  readonly emulator: PlatformEmulator;
  /** Requests as they reach the emulator, in order: "METHOD /path". */
  readonly sent: string[];
  /** The same, with the (possibly fake) time each was sent at. */
  readonly timeline: Array<[at: number, request: string]>;
}

export interface StoreHarnessOptions {
  /**
   * Holds the emulator's answer to a request for this many ms before the
   * client sees it: the server has acted (or read) already, the answer is late.
   */
  readonly holdAnswer?: (request: string) => number;
}

const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A fresh emulator and a store over it; both are disposed after the test. */
export async function startStore(
  emulatorOptions: Partial<PlatformEmulatorOptions> = {},
  wire: Wire = 'in-memory',
  harness: StoreHarnessOptions = {},
): Promise<StoreHarness> {
  const emulator = createPlatformEmulator({ org: ORG, token: TOKEN, ...emulatorOptions });
  const sent: string[] = [];
  const timeline: Array<[number, string]> = [];
  const start = Date.now();
  let baseURL = 'http://emulator.invalid';
  let target: typeof globalThis.fetch = emulator.fetch;
  if (wire === 'http') {
    const server = await listen(emulator);
    cleanups.push(() => server.close());
    baseURL = server.url;
    target = globalThis.fetch;
  }
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const request = `${init?.method ?? 'GET'} ${url.pathname.replace(`/v1/organizations/${ORG}`, '')}`;
    sent.push(request);
    timeline.push([Date.now() - start, request]);
    const response = await target(input, init);
    const hold = harness.holdAnswer?.(request) ?? 0;
    if (hold > 0) await new Promise((resolve) => setTimeout(resolve, hold));
    return response;
  };
  const store = createGroupsStore({ org: ORG, transport: createFetchTransport({ token: TOKEN, baseURL, fetch, retryDelay: 0 }) });
  cleanups.push(() => store.dispose());
  return { store, emulator, sent, timeline };
}

/** Subscribes and records every emission, to assert the whole sequence afterwards. */
export function collect<T>(observable: Observable<T>): { readonly values: T[]; completed: boolean; unsubscribe(): void } {
  const record = { values: [] as T[], completed: false, unsubscribe: () => subscription.unsubscribe() };
  const subscription = observable.subscribe({
    next: (value) => record.values.push(value),
    complete: () => {
      record.completed = true;
    },
  });
  cleanups.push(() => subscription.unsubscribe());
  return record;
}

export function names(groups: readonly { name: string }[] | undefined): string[] {
  return (groups ?? []).map((g) => g.name);
}

/** The meta of a group with nothing going on. */
export const IDLE_META: GroupMeta = { pending: [], unconfirmed: [], error: undefined, optimistic: false, paused: false };

/** Under fake timers: loads, letting `ms` of emulator latency pass. */
export async function loadAfter(store: GroupsStore, ms: number): Promise<void> {
  const loaded = store.load();
  await vi.advanceTimersByTimeAsync(ms);
  await loaded;
}
