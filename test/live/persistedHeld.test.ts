import { describe, expect, it } from 'vitest';
import { isGroupsError, manualEnvironment, type GroupsStore } from '../../src/index.js';
import { createPlatformEmulator } from '../../src/emulator/index.js';
import { ORG, TOKEN } from '../support/emulatorHarness.js';
import { MemoryStorage, settle, until } from '../support/memoryStorage.js';
import { BASE, mutations, openPersisted, type PersistedStore } from '../support/persistedStore.js';
import { collect, names, SEED } from '../support/storeHarness.js';
import { TestLocks } from './liveHarness.js';

// Mutations held offline survive the tab: stored as data (never a token,
// never one already sent), brought back paused by the next visit, and sent
// exactly once across tabs — a tab sends only what it owns, and takes over
// another's only once that one is gone (its Web Lock free).

const HELD = `turso-groups-store:${ORG}@${BASE}:held`;
const startEmulator = () => createPlatformEmulator({ org: ORG, token: TOKEN, groups: SEED });

interface StoredHeld {
  held: Array<{ uid: string; owner: string; heldAt: number; mutation: Record<string, unknown> }>;
}
const stored = (storage: MemoryStorage): StoredHeld['held'] => (JSON.parse(storage.entries.get(HELD) ?? '{"held":[]}') as StoredHeld).held;
const shown = (store: GroupsStore): string[] => store.getSnapshot().groups.map((g) => `${g.name}:${g.locations.join('+')}${g.delete_protection ? ' protected' : ''}`);
const swallow = (promise: Promise<unknown>): void => void promise.catch(() => undefined);

/** A visit that loaded the list, then lost the network. */
async function offlineVisit(emulator: ReturnType<typeof startEmulator>, storage: MemoryStorage, ...rest: Parameters<typeof openPersisted> extends [unknown, unknown, ...infer R] ? R : never): Promise<PersistedStore> {
  const visit = openPersisted(emulator, storage, ...rest);
  await visit.store.load();
  visit.environment.setOnline(false);
  return visit;
}

describe('a mutation held offline', () => {
  it('is stored as data, in issue order, without its id, and never a minted token', async () => {
    const emulator = startEmulator();
    const storage = new MemoryStorage();
    const { store, environment } = openPersisted(emulator, storage);
    await store.load();
    environment.setOnline(false);
    swallow(store.create({ name: 'gamma', location: 'nrt', extensions: ['vector'] }));
    swallow(store.addLocation('alpha', 'fra'));
    swallow(store.mintToken('beta', { expiration: '1h' }));
    swallow(store.setDeleteProtection('beta', true));
    swallow(store.addLocation('gamma', 'ams'));
    await settle();
    expect(stored(storage).map((r) => r.mutation)).toEqual([
      { operation: 'create', group: 'gamma', location: 'nrt', extensions: ['vector'] },
      { operation: 'addLocation', group: 'alpha', location: 'fra' },
      { operation: 'updateConfiguration', group: 'beta', deleteProtection: true },
      { operation: 'addLocation', group: 'gamma', location: 'ams' },
    ]);
    expect(new Set(stored(storage).map((r) => r.owner)).size).toBe(1);
  });

  it('comes back paused at the next visit, in order, and is sent once online, then no longer stored', async () => {
    const emulator = startEmulator();
    const storage = new MemoryStorage();
    const first = await offlineVisit(emulator, storage);
    const created = first.store.create({ name: 'gamma', location: 'nrt' });
    swallow(first.store.addLocation('alpha', 'fra'));
    swallow(first.store.addLocation('gamma', 'ams'));
    await settle();
    first.store.dispose();
    await expect(created).rejects.toMatchObject({ code: 'aborted' });
    expect(mutations(first.sent)).toEqual([]);

    const next = openPersisted(emulator, storage, {}, manualEnvironment({ online: false }));
    const events = collect(next.store.events$);
    expect(shown(next.store)).toEqual(['alpha:lhr+ams', 'beta:fra']); // the groups at once; the held mutations once the page uses its store
    expect(names(await next.store.load())).toEqual(['alpha', 'beta']); // offline: answered from what was stored
    await settle();
    expect(shown(next.store)).toEqual(['alpha:lhr+ams+fra', 'beta:fra', 'gamma:nrt+ams']);
    expect(next.store.getMeta('gamma')).toMatchObject({ pending: ['create', 'addLocation'], optimistic: true, paused: true });
    expect(next.store.getPending().map((m) => `${m.operation} ${m.group}`)).toEqual(['create gamma', 'addLocation alpha', 'addLocation gamma']);
    next.environment.setOnline(true);
    await until(() => next.store.getPending().length === 0);
    expect(mutations(next.sent)).toEqual(['POST /groups gamma', 'POST /groups/alpha/locations/fra', 'POST /groups/gamma/locations/ams']);
    expect(emulator.snapshot().groups.map((g) => `${g.name}:${g.locations.join('+')}`)).toEqual(['alpha:lhr+ams+fra', 'beta:fra', 'gamma:nrt+ams']);
    expect(next.store.getPending()).toEqual([]);
    expect(storage.entries.has(HELD)).toBe(false);
    expect(events.values.map((e) => `${e.type} ${e.operation}`)).toEqual([
      'start create',
      'start addLocation',
      'start addLocation',
      'success create',
      'success addLocation',
      'success addLocation',
    ]);
  });

  it('issued offline the moment before the tab closes, is stored all the same', async () => {
    const emulator = startEmulator();
    const storage = new MemoryStorage();
    const first = await offlineVisit(emulator, storage);
    swallow(first.store.create({ name: 'gamma', location: 'nrt' }));
    first.store.dispose(); // before it was even marked paused
    await settle();
    expect(stored(storage).map((r) => r.mutation)).toEqual([{ operation: 'create', group: 'gamma', location: 'nrt' }]);
  });

  it('is found by a visit that starts in the very task the last one ended in', async () => {
    const emulator = startEmulator();
    const storage = new MemoryStorage();
    const first = await offlineVisit(emulator, storage);
    swallow(first.store.create({ name: 'gamma', location: 'nrt' }));
    first.store.dispose();
    const next = openPersisted(emulator, storage);
    swallow(next.store.load());
    expect(await until(() => mutations(next.sent).length === 1 && next.store.getPending().length === 0)).toBe(true);
    expect(mutations(next.sent)).toEqual(['POST /groups gamma']);
  });

  it('is taken out of storage before it goes on the wire: what is stored was never sent', async () => {
    const emulator = startEmulator();
    const storage = new MemoryStorage();
    // The request reaches the server only after the entry is gone.
    const storedWhenSent: number[] = [];
    const first = openPersisted(emulator, storage, {}, manualEnvironment(), (request) => {
      if (request.startsWith('POST')) storedWhenSent.push(stored(storage).length);
    });
    await first.store.load();
    first.environment.setOnline(false);
    const adding = first.store.addLocation('alpha', 'fra');
    await settle();
    expect(stored(storage)).toHaveLength(1);
    first.environment.setOnline(true);
    await adding;
    expect(storedWhenSent).toEqual([0]);
  });

  it('is no longer stored once cancelled', async () => {
    const emulator = startEmulator();
    const storage = new MemoryStorage();
    const { store, environment } = openPersisted(emulator, storage);
    await store.load();
    environment.setOnline(false);
    swallow(store.addLocation('alpha', 'fra'));
    swallow(store.addLocation('beta', 'nrt'));
    await settle();
    expect(store.cancel(store.getPending()[0]?.id ?? -1)).toBe(true);
    await settle();
    expect(stored(storage).map((r) => r.mutation)).toEqual([{ operation: 'addLocation', group: 'beta', location: 'nrt' }]);
  });

  it('older than maxMutationAge is dropped with a failure, never sent, and removed', async () => {
    const emulator = startEmulator();
    const storage = new MemoryStorage();
    let now = 1_000_000;
    const first = await offlineVisit(emulator, storage, { now: () => now });
    swallow(first.store.create({ name: 'gamma', location: 'nrt' }));
    await settle();
    first.store.dispose();
    now += 3_600_001;
    const next = openPersisted(emulator, storage, { now: () => now, persist: { maxMutationAge: 3_600_000 } }, manualEnvironment({ online: false }));
    const events = collect(next.store.events$);
    await next.store.load(); // the page uses its store (offline: nothing is sent)
    await settle();
    expect(events.values).toEqual([
      { type: 'start', id: 1, operation: 'create', group: 'gamma' },
      { type: 'failure', id: 1, operation: 'create', group: 'gamma', error: expect.objectContaining({ code: 'aborted', detail: 'held offline for more than persist.maxMutationAge (3600000 ms): dropped, not sent' }) },
    ]);
    expect(next.store.getPending()).toEqual([]);
    expect(storage.entries.has(HELD)).toBe(false);
    next.environment.setOnline(true);
    await next.store.load();
    expect(mutations(next.sent)).toEqual([]);
    expect(names(next.store.getSnapshot().groups)).toEqual(['alpha', 'beta']);
  });

  it('an unreadable held entry is ignored and replaced by the next write', async () => {
    const emulator = startEmulator();
    const storage = new MemoryStorage();
    storage.entries.set(HELD, '{"app":"turso-groups-store","format":1,"held":[{"uid":');
    const { store, environment } = openPersisted(emulator, storage);
    await store.load();
    await settle();
    expect(store.getPending()).toEqual([]);
    environment.setOnline(false);
    swallow(store.addLocation('alpha', 'fra'));
    await settle();
    expect(stored(storage).map((r) => r.mutation)).toEqual([{ operation: 'addLocation', group: 'alpha', location: 'fra' }]);
  });
});

describe('held mutations across tabs (Web Locks)', () => {
  /** One server, and one browser's storage and Web Locks, which its tabs share. */
  const browser = () => ({ emulator: startEmulator(), storage: new MemoryStorage(), locks: new TestLocks() });

  /** A tab that held a create offline, then closed. */
  async function tabThatClosed(emulator: ReturnType<typeof startEmulator>, storage: MemoryStorage, locks: TestLocks): Promise<void> {
    const tab = await offlineVisit(emulator, storage, {}, manualEnvironment({ locks }));
    swallow(tab.store.create({ name: 'gamma', location: 'nrt' }));
    swallow(tab.store.addLocation('alpha', 'fra'));
    await settle();
    tab.store.dispose();
    await settle();
  }

  it("a store made but never used (React StrictMode's second initializer call) takes nothing over", async () => {
    const { emulator, storage, locks } = browser();
    await tabThatClosed(emulator, storage, locks);
    const unused = openPersisted(emulator, storage, {}, manualEnvironment({ locks }));
    await settle(60);
    expect(unused.store.getPending()).toEqual([]);
    const page = openPersisted(emulator, storage, {}, manualEnvironment({ locks }));
    await page.store.load();
    await until(() => mutations(page.sent).length === 2 && page.store.getPending().length === 0);
    expect([...mutations(unused.sent), ...mutations(page.sent)]).toEqual(['POST /groups gamma', 'POST /groups/alpha/locations/fra']);
  });

  it('two tabs restoring the same queue: one takes it over and sends it, once', async () => {
    const { emulator, storage, locks } = browser();
    await tabThatClosed(emulator, storage, locks);
    const one = openPersisted(emulator, storage, {}, manualEnvironment({ locks, online: false }));
    const two = openPersisted(emulator, storage, {}, manualEnvironment({ locks, online: false }));
    await Promise.all([one.store.load(), two.store.load()]); // each page uses its store (offline: answered from storage)
    await settle();
    const holding = [one, two].filter((tab) => tab.store.getPending().length > 0);
    expect(holding).toHaveLength(1);
    expect(holding[0]?.store.getPending().map((m) => `${m.operation} ${m.group}`)).toEqual(['create gamma', 'addLocation alpha']);
    expect(new Set(stored(storage).map((r) => r.owner)).size).toBe(1);
    two.environment.setOnline(true);
    one.environment.setOnline(true);
    await until(() => emulator.snapshot().groups.length === 3 && one.store.getPending().length + two.store.getPending().length === 0);
    expect([...mutations(one.sent), ...mutations(two.sent)]).toEqual(['POST /groups gamma', 'POST /groups/alpha/locations/fra']);
    await Promise.all([one.store.load(), two.store.load()]);
    expect(shown(one.store)).toEqual(['alpha:lhr+ams+fra', 'beta:fra', 'gamma:nrt']);
    expect(shown(two.store)).toEqual(shown(one.store));
    expect(storage.entries.has(HELD)).toBe(false);
  });

  it('two tabs restoring the same queue while online: sent once', async () => {
    const { emulator, storage, locks } = browser();
    await tabThatClosed(emulator, storage, locks);
    const tabs = [0, 1, 2].map(() => openPersisted(emulator, storage, {}, manualEnvironment({ locks })));
    for (const tab of tabs) swallow(tab.store.load());
    await until(() => tabs.every((tab) => tab.store.getPending().length === 0) && emulator.snapshot().groups.length === 3);
    await settle(60);
    expect(tabs.flatMap((tab) => mutations(tab.sent))).toEqual(['POST /groups gamma', 'POST /groups/alpha/locations/fra']);
  });

  it('a tab never takes over what a living tab holds: that tab sends it itself, and its caller hears', async () => {
    const { emulator, storage, locks } = browser();
    const owner = await offlineVisit(emulator, storage, {}, manualEnvironment({ locks }));
    const created = owner.store.create({ name: 'gamma', location: 'nrt' });
    await settle();
    const other = openPersisted(emulator, storage, {}, manualEnvironment({ locks }));
    await other.store.load();
    await settle();
    expect(other.store.getPending()).toEqual([]);
    owner.environment.setOnline(true);
    await expect(created).resolves.toMatchObject({ name: 'gamma' });
    await settle();
    expect(mutations(owner.sent)).toEqual(['POST /groups gamma']);
    expect(mutations(other.sent)).toEqual([]);
    owner.store.dispose();
    await settle();
    expect(other.store.getPending()).toEqual([]);
  });

  it('a tab closed while offline leaves its held mutations to a living one, which sends them when back online', async () => {
    const { emulator, storage, locks } = browser();
    const living = await offlineVisit(emulator, storage, {}, manualEnvironment({ locks }));
    await tabThatClosed(emulator, storage, locks);
    expect(living.store.getPending()).toEqual([]);
    living.environment.setOnline(true);
    await until(() => mutations(living.sent).length === 2 && living.store.getPending().length === 0);
    expect(mutations(living.sent)).toEqual(['POST /groups gamma', 'POST /groups/alpha/locations/fra']);
    expect(emulator.snapshot().groups.map((g) => g.name)).toEqual(['alpha', 'beta', 'gamma']);
  });

  it('a tab disposed while a mutation is on the wire leaves nothing of it in storage', async () => {
    const emulator = createPlatformEmulator({ org: ORG, token: TOKEN, groups: SEED, faults: { latency: { fixedMs: 50 } } });
    const storage = new MemoryStorage();
    const tab = openPersisted(emulator, storage);
    tab.environment.setOnline(false);
    const adding = tab.store.addLocation('alpha', 'fra');
    await settle();
    expect(stored(storage)).toHaveLength(1);
    tab.environment.setOnline(true);
    await settle();
    expect(mutations(tab.sent)).toEqual(['POST /groups/alpha/locations/fra']);
    tab.store.dispose();
    const error = await adding.catch((e: unknown) => e);
    expect(isGroupsError(error) && error.code).toBe('aborted');
    await settle();
    expect(storage.entries.has(HELD)).toBe(false);
  });
});
