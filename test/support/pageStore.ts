import { afterEach } from 'vitest';
import { createFetchTransport, createGroupsStore, type GroupsStore } from '../../src/index.js';
import { createPlatformEmulator } from '../../src/emulator/index.js';

// A store over the emulator's in-memory fetch, for tests that run in a page
// (happy-dom or Chromium), where no server can listen. Disposed after each test.

export const PAGE_SEED = [
  { name: 'alpha', locations: ['lhr', 'ams'] },
  { name: 'beta', locations: ['fra'] },
];

const stores: GroupsStore[] = [];

afterEach(() => {
  for (const store of stores.splice(0)) store.dispose();
});

export function pageStore(token = 'page-token'): GroupsStore {
  const emulator = createPlatformEmulator({ org: 'acme', token, groups: PAGE_SEED });
  const store = createGroupsStore({ org: 'acme', transport: createFetchTransport({ token, baseURL: 'http://emulator.invalid', fetch: emulator.fetch }) });
  stores.push(store);
  return store;
}
