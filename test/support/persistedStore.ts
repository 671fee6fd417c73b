import { afterEach } from 'vitest';
import { createFetchTransport, createGroupsStore, manualEnvironment, type GroupsStore, type GroupsStoreOptions, type ManualEnvironment } from '../../src/index.js';
import type { PlatformEmulator } from '../../src/emulator/index.js';
import { ORG, TOKEN } from './emulatorHarness.js';
import type { MemoryStorage } from './memoryStorage.js';

// Stores that persist into one MemoryStorage, over one emulator: each store
// is a visit (made after the last was disposed) or a tab (made while
// another lives). Every store is disposed after the test.

export const BASE = 'http://emulator.invalid';

export interface PersistedStore {
  readonly store: GroupsStore;
  readonly environment: ManualEnvironment;
  /** Requests this store sent, as "METHOD /path" below the organization (a create with its name). */
  readonly sent: string[];
}

type Extra = Omit<Partial<Extract<GroupsStoreOptions, { api: unknown }>>, 'api' | 'persist'> & { readonly persist?: Partial<NonNullable<GroupsStoreOptions['persist']>> };

const stores: GroupsStore[] = [];

afterEach(() => {
  for (const store of stores.splice(0)) store.dispose();
});

/** A store over `emulator` persisting into `storage`, with no transport retries (every request counts once). */
export function openPersisted(
  emulator: PlatformEmulator,
  storage: MemoryStorage,
  options: Extra = {},
  environment = manualEnvironment(),
  /** Told of each request as it leaves, before the server sees it. */
  onRequest: (request: string) => void = () => undefined,
): PersistedStore {
  const sent: string[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const method = init?.method ?? 'GET';
    const path = url.pathname.replace(`/v1/organizations/${ORG}`, '');
    const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as { name?: string }) : undefined;
    const request = method === 'POST' && path === '/groups' ? `POST /groups ${body?.name}` : `${method} ${path}`;
    sent.push(request);
    onRequest(request);
    return emulator.fetch(input, init);
  };
  const transport = createFetchTransport({ token: TOKEN, baseURL: BASE, fetch, retry: 0 });
  const { persist, ...rest } = options;
  const store = createGroupsStore({ org: ORG, transport, environment, ...rest, persist: { storage: storage.persister(), base: BASE, ...persist } });
  stores.push(store);
  return { store, environment, sent };
}

/** The requests that change something, in order. */
export const mutations = (sent: readonly string[]): string[] => sent.filter((request) => !request.startsWith('GET'));
