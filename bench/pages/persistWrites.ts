// W8, the cost of persisting: one write of 1,000 groups (the entry's JSON
// into localStorage, what the store does at most once per round and once a
// second), and commands confirmed one after another, each its own
// notification round, on a store that persists against one that does not.
// No latency.
import { createFetchTransport, createGroupsStore, type GroupsStore } from '../../src/index.js';
import { localStoragePersister } from '../../src/persist/index.js';
import { groupName, ORG } from '../seed.js';
import { BASE_URL, emulator, TOKEN } from './page.js';

const COMMANDS = 100;

function open(persist: boolean): GroupsStore {
  const transport = createFetchTransport({ token: TOKEN, baseURL: BASE_URL, fetch: emulator.fetch });
  return createGroupsStore({ org: ORG, transport, ...(persist ? { persist: { storage: localStoragePersister(), base: 'w8-writes' } } : {}) });
}

/** ms for COMMANDS confirmed commands, one at a time (add a location, then take it away). */
async function commands(store: GroupsStore): Promise<number> {
  await store.load();
  const name = groupName(0);
  const started = performance.now();
  for (let i = 0; i < COMMANDS; i++) {
    if (i % 2 === 0) await store.addLocation(name, 'fra');
    else await store.removeLocation(name, 'fra');
  }
  return performance.now() - started;
}

/** One save as the store makes it, alone: the entry's JSON and localStorage.setItem, in ms. */
function oneWrite(store: GroupsStore): number {
  const started = performance.now();
  localStorage.setItem('w8-one-write', JSON.stringify({ updatedAt: Date.now(), savedAt: Date.now(), listStamp: 1, stamps: {}, groups: store.getConfirmed() }));
  return performance.now() - started;
}

const runs: Array<{ persisted: number; plain: number }> = [];
const writes: number[] = [];
for (let round = 0; round < 6; round++) {
  localStorage.clear();
  const persisted = open(true);
  const plain = open(false);
  // Alternating which goes first, so neither always runs on a warmer engine.
  const [a, b] = round % 2 === 0 ? [await commands(persisted), await commands(plain)] : [0, 0];
  const [c, d] = round % 2 === 1 ? [await commands(plain), await commands(persisted)] : [0, 0];
  writes.push(oneWrite(persisted));
  persisted.dispose();
  plain.dispose();
  if (round > 0) runs.push(round % 2 === 0 ? { persisted: a, plain: b } : { persisted: d, plain: c });
}
const median = (values: number[]): number => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)] ?? Number.NaN;
window.__writes = {
  commands: COMMANDS,
  persistedMs: median(runs.map((r) => r.persisted)),
  plainMs: median(runs.map((r) => r.plain)),
  oneWriteMs: median(writes.slice(1)),
  entryBytes: (localStorage.getItem(`turso-groups-store:${ORG}@w8-writes`) ?? '').length,
};

declare global {
  interface Window {
    __writes?: { commands: number; persistedMs: number; plainMs: number; oneWriteMs: number; entryBytes: number };
  }
}
