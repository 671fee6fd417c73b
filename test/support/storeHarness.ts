import type { Observable } from 'rxjs';
import { afterEach } from 'vitest';
import { createFetchTransport, createGroupsStore, type GroupsStore } from '../../src/index.js';
import { createPlatformEmulator, type PlatformEmulator, type PlatformEmulatorOptions } from '../../src/emulator/index.js';
import { ORG, TOKEN, type Wire } from './emulatorHarness.js';

export interface StoreHarness {
  readonly store: GroupsStore;
  readonly emulator: PlatformEmulator;
  /** Requests as they reach the emulator, in order: "METHOD /path". */
  readonly sent: string[];
}

const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A fresh emulator and a store over it; both are disposed after the test. */
export async function startStore(emulatorOptions: Partial<PlatformEmulatorOptions> = {}, wire: Wire = 'in-memory'): Promise<StoreHarness> {
  const emulator = createPlatformEmulator({ org: ORG, token: TOKEN, ...emulatorOptions });
  const sent: string[] = [];
  let baseURL = 'http://emulator.invalid';
  let target: typeof globalThis.fetch = emulator.fetch;
  if (wire === 'http') {
    const server = await emulator.listen();
    cleanups.push(() => server.close());
    baseURL = server.url;
    target = globalThis.fetch;
  }
  const fetch: typeof globalThis.fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    sent.push(`${init?.method ?? 'GET'} ${url.pathname.replace(`/v1/organizations/${ORG}`, '')}`);
    return target(input, init);
  };
  const store = createGroupsStore({ org: ORG, transport: createFetchTransport({ token: TOKEN, baseURL, fetch, retryDelay: 0 }) });
  cleanups.push(() => store.dispose());
  return { store, emulator, sent };
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

/** Lets every promise callback that is ready run (answers from the in-memory emulator without latency). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
