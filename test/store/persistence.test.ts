import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFetchTransport, createGroupsStore, isGroupsError, manualEnvironment, type ListStatus } from '../../src/index.js';
import { createPlatformEmulator } from '../../src/emulator/index.js';
import { createPersister, localStoragePersister } from '../../src/persist/index.js';
import { ORG, TOKEN } from '../support/emulatorHarness.js';
import { MemoryStorage, settle } from '../support/memoryStorage.js';
import { BASE, openPersisted } from '../support/persistedStore.js';
import { collect, names, SEED } from '../support/storeHarness.js';
import { TestBus } from '../live/liveHarness.js';

// The confirmed groups kept for the next visit: shown at once as restored,
// replaced by the first load like any read, never a token, and a storage
// that fails or holds rubbish never breaks the store.

const KEY = `turso-groups-store:${ORG}@${BASE}`;

afterEach(() => {
  vi.useRealTimers();
});

const startEmulator = () => createPlatformEmulator({ org: ORG, token: TOKEN, groups: SEED });
const statusLine = (status: ListStatus): string => `${status.status}${status.fetching ? ' fetching' : ''}`;

/** A visit that loads the list, then leaves (dispose), having stored it. */
async function visitAndLeave(emulator: ReturnType<typeof startEmulator>, storage: MemoryStorage, now?: () => number): Promise<number> {
  const { store } = openPersisted(emulator, storage, now ? { now } : {});
  await store.load();
  const updatedAt = store.getSnapshot().status.updatedAt as number;
  store.dispose();
  return updatedAt;
}

describe('the next visit', () => {
  it('shows the stored groups synchronously, as restored, and its first load replaces them', async () => {
    const emulator = startEmulator();
    const storage = new MemoryStorage();
    const loadedAt = await visitAndLeave(emulator, storage);
    // Meanwhile the server changed.
    const admin = createGroupsStore({ org: ORG, transport: createFetchTransport({ token: TOKEN, baseURL: BASE, fetch: emulator.fetch }) });
    await admin.addLocation('beta', 'lhr');
    await admin.delete('alpha');
    admin.dispose();

    const { store, sent } = openPersisted(emulator, storage);
    // Before anything is sent or any promise settles: the stored groups, as restored.
    expect(store.getSnapshot().status).toEqual({ status: 'restored', error: undefined, refreshError: undefined, updatedAt: loadedAt, fetching: false });
    expect(store.getSnapshot().groups.map((g) => `${g.name}:${g.locations.join('+')}`)).toEqual(['alpha:lhr+ams', 'beta:fra']);
    expect(sent).toEqual([]);
    const statuses = collect(store.status$);
    const lists = collect(store.groups$);
    await store.load();
    expect(statuses.values.map(statusLine)).toEqual(['restored', 'restored fetching', 'success']);
    expect(lists.values.map((groups) => groups.map((g) => `${g.name}:${g.locations.join('+')}`))).toEqual([['alpha:lhr+ams', 'beta:fra'], ['beta:fra+lhr']]);
  });

  it('answers an offline load from the restored groups', async () => {
    const emulator = startEmulator();
    const storage = new MemoryStorage();
    await visitAndLeave(emulator, storage);
    const { store, sent } = openPersisted(emulator, storage, {}, manualEnvironment({ online: false }));
    expect(names(await store.load())).toEqual(['alpha', 'beta']);
    expect(sent).toEqual([]);
  });

  it('takes what a server render hands over instead of the restored groups', async () => {
    const emulator = startEmulator();
    const storage = new MemoryStorage();
    await visitAndLeave(emulator, storage);
    const { store } = openPersisted(emulator, storage);
    store.hydrate({ groups: [{ name: 'gamma', locations: ['nrt'], primary: 'nrt' }], updatedAt: 5 });
    expect(names(store.getSnapshot().groups)).toEqual(['gamma']);
    expect(store.getSnapshot().status).toMatchObject({ status: 'success', updatedAt: 5 });
  });

  it('shows nothing older than maxAge, and removes it', async () => {
    const emulator = startEmulator();
    const storage = new MemoryStorage();
    let now = 1_000_000;
    await visitAndLeave(emulator, storage, () => now);
    now += 60_001;
    const { store } = openPersisted(emulator, storage, { now: () => now, persist: { maxAge: 60_000 } });
    expect(store.getSnapshot().status.status).toBe('idle');
    expect(store.getSnapshot().groups).toEqual([]);
    expect(storage.entries.has(KEY)).toBe(false);
  });

  it('is per organization and per API: another base or organization restores nothing', async () => {
    const emulator = startEmulator();
    const storage = new MemoryStorage();
    await visitAndLeave(emulator, storage);
    const other = openPersisted(emulator, storage, { persist: { base: 'https://api.turso.tech' } });
    expect(other.store.getSnapshot().status.status).toBe('idle');
    const elsewhere = createGroupsStore({
      org: 'other-org',
      transport: createFetchTransport({ token: TOKEN, baseURL: BASE, fetch: emulator.fetch }),
      persist: { storage: storage.persister(), base: BASE },
    });
    expect(elsewhere.getSnapshot().status.status).toBe('idle');
    elsewhere.dispose();
    expect([...storage.entries.keys()]).toEqual([KEY]);
  });
});

describe('a restored value against what this session learns', () => {
  it('never replaces a group confirmed before the storage answered (an asynchronous storage)', async () => {
    const emulator = startEmulator();
    const storage = new MemoryStorage();
    await visitAndLeave(emulator, storage);
    storage.deferred = true;
    const { store } = openPersisted(emulator, storage);
    expect(store.getSnapshot().status.status).toBe('idle');
    await store.addLocation('alpha', 'nrt');
    storage.answer();
    await settle();
    // The stored beta shows (nothing newer is known of it); the stored alpha does not.
    expect(store.getSnapshot().groups.map((g) => `${g.name}:${g.locations.join('+')}`)).toEqual(['alpha:lhr+ams+nrt', 'beta:fra']);
    expect(store.getSnapshot().status.status).toBe('restored');
  });

  it('is not taken at all once a list has loaded', async () => {
    const emulator = startEmulator();
    const storage = new MemoryStorage();
    await visitAndLeave(emulator, storage);
    await createGroupsStore({ org: ORG, transport: createFetchTransport({ token: TOKEN, baseURL: BASE, fetch: emulator.fetch }) }).delete('beta');
    storage.deferred = true;
    const { store } = openPersisted(emulator, storage);
    const loading = store.load();
    storage.answer();
    await loading;
    storage.answer();
    await settle();
    expect(names(store.getSnapshot().groups)).toEqual(['alpha']);
    expect(store.getSnapshot().status.status).toBe('success');
  });

  it('counts as older than any read of this session, whatever stamps another session gave it', async () => {
    const emulator = startEmulator();
    const storage = new MemoryStorage();
    await visitAndLeave(emulator, storage);
    // An earlier session whose clock ran far ahead (a peer's lead, a clock set back since): its stamps are in our future.
    const entry = JSON.parse(storage.entries.get(KEY) as string) as { listStamp: number; stamps: Record<string, number> };
    entry.listStamp = Number.MAX_SAFE_INTEGER - 10;
    entry.stamps = { alpha: Number.MAX_SAFE_INTEGER - 1 };
    storage.entries.set(KEY, JSON.stringify(entry));
    await createGroupsStore({ org: ORG, transport: createFetchTransport({ token: TOKEN, baseURL: BASE, fetch: emulator.fetch }) }).removeLocation('alpha', 'ams');

    const { store } = openPersisted(emulator, storage);
    expect(store.getGroup('alpha')?.locations).toEqual(['lhr', 'ams']);
    await store.load();
    expect(store.getGroup('alpha')?.locations).toEqual(['lhr']);
    // And a retrieve of this session, too.
    await createGroupsStore({ org: ORG, transport: createFetchTransport({ token: TOKEN, baseURL: BASE, fetch: emulator.fetch }) }).addLocation('beta', 'nrt');
    await store.retrieve('beta');
    expect(store.getGroup('beta')?.locations).toEqual(['fra', 'nrt']);
    // What it saves carries its own clock's stamps, not the far-future ones.
    await settle();
    const saved = JSON.parse(storage.entries.get(KEY) as string) as { listStamp: number; stamps: Record<string, number> };
    expect(saved.listStamp).toBeLessThan((Date.now() + 60_000) * 1000);
    expect(Object.values(saved.stamps).every((stamp) => stamp < (Date.now() + 60_000) * 1000)).toBe(true);
  });
});

describe('restored groups and the other tabs', () => {
  it('a tab that never loaded answers with no list, which takes nothing away', async () => {
    const emulator = startEmulator();
    const storage = new MemoryStorage();
    await visitAndLeave(emulator, storage);
    const bus = new TestBus();
    const idle = createGroupsStore({ org: ORG, transport: createFetchTransport({ token: TOKEN, baseURL: BASE, fetch: emulator.fetch }), crossTab: { channel: bus.channel() } });
    idle.groups$.subscribe(() => undefined); // observed: it joins its peers, and loads nothing
    const { store } = openPersisted(emulator, storage, { crossTab: { channel: bus.channel() } });
    store.groups$.subscribe(() => undefined);
    bus.deliverAll();
    expect(bus.log.length).toBeGreaterThanOrEqual(3); // two hellos, and the idle tab's answer
    expect(names(store.getSnapshot().groups)).toEqual(['alpha', 'beta']);
    expect(store.getSnapshot().status.status).toBe('restored');
    idle.dispose();
  });

  it("a tab that loaded confirms them: its list replaces them, and the status is success", async () => {
    const emulator = startEmulator();
    const storage = new MemoryStorage();
    await visitAndLeave(emulator, storage);
    await createGroupsStore({ org: ORG, transport: createFetchTransport({ token: TOKEN, baseURL: BASE, fetch: emulator.fetch }) }).delete('alpha');
    const bus = new TestBus();
    const loaded = createGroupsStore({ org: ORG, transport: createFetchTransport({ token: TOKEN, baseURL: BASE, fetch: emulator.fetch }), crossTab: { channel: bus.channel() } });
    await loaded.load();
    bus.deliverAll();
    const { store, sent } = openPersisted(emulator, storage, { crossTab: { channel: bus.channel() } });
    store.groups$.subscribe(() => undefined);
    bus.deliverAll();
    expect(names(store.getSnapshot().groups)).toEqual(['beta']);
    expect(store.getSnapshot().status.status).toBe('success');
    expect(sent).toEqual([]);
    loaded.dispose();
  });
});

describe('what is stored', () => {
  it('is the confirmed groups with their stamps and updatedAt, never a pending change, a token or a JWT', async () => {
    const emulator = startEmulator();
    const storage = new MemoryStorage();
    const { store } = openPersisted(emulator, storage);
    await store.load();
    const { jwt } = await store.mintToken('alpha');
    const adding = store.addLocation('beta', 'nrt'); // pending while the write below happens
    await settle();
    const text = storage.entries.get(KEY) as string;
    const entry = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(entry).sort()).toEqual(['app', 'base', 'buster', 'format', 'groups', 'listStamp', 'org', 'savedAt', 'stamps', 'updatedAt']);
    expect((entry.groups as Array<{ name: string; locations: string[] }>).map((g) => `${g.name}:${g.locations.join('+')}`)).toEqual(['alpha:lhr+ams', 'beta:fra']);
    await adding;
    store.dispose(); // writes what waits for its window
    const all = [...storage.entries.values()].join('\n');
    expect(all).not.toContain(TOKEN);
    expect(all).not.toContain(jwt);
    expect(all).not.toContain('eyJ');
    expect(JSON.parse(storage.entries.get(KEY) as string).stamps).toEqual({ beta: expect.any(Number) });
  });

  it('is written when it changed, at once, then at most once a second: a burst of answers costs two writes', async () => {
    vi.useFakeTimers();
    const emulator = startEmulator();
    const storage = new MemoryStorage();
    const { store } = openPersisted(emulator, storage);
    const saves = (): number => storage.calls.filter((c) => c === `save ${KEY}`).length;
    await store.load();
    await settle();
    expect(saves()).toBe(1); // the first list, at once
    await vi.advanceTimersByTimeAsync(1_000);
    // Reads that change nothing write nothing.
    await Promise.all(['alpha', 'beta'].map((name) => store.retrieve(name)));
    await settle();
    expect(saves()).toBe(1);
    // Five answers, each its own round and task: the first is written at once, the rest once, at the window's end.
    for (const location of ['nrt', 'lhr', 'ams', 'syd', 'iad']) await store.addLocation('beta', location);
    await settle();
    expect(saves()).toBe(2);
    await vi.advanceTimersByTimeAsync(999);
    expect(saves()).toBe(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(saves()).toBe(3);
    expect(JSON.parse(storage.entries.get(KEY) as string).groups[1].locations).toEqual(['fra', 'nrt', 'lhr', 'ams', 'syd', 'iad']);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(saves()).toBe(3);
  });

  it('waiting for its window, is written at once when the page is hidden (closed, reloaded)', async () => {
    vi.useFakeTimers();
    const emulator = startEmulator();
    const storage = new MemoryStorage();
    const { store, environment } = openPersisted(emulator, storage);
    await store.load();
    await settle();
    await vi.advanceTimersByTimeAsync(1_000);
    await store.addLocation('beta', 'nrt');
    await store.addLocation('beta', 'syd');
    await settle();
    expect(JSON.parse(storage.entries.get(KEY) as string).groups[1].locations).toEqual(['fra', 'nrt']);
    environment.setVisible(false);
    expect(JSON.parse(storage.entries.get(KEY) as string).groups[1].locations).toEqual(['fra', 'nrt', 'syd']);
  });

  it('is flushed by dispose()', async () => {
    const emulator = startEmulator();
    const storage = new MemoryStorage();
    const { store } = openPersisted(emulator, storage);
    store.hydrate({ groups: [{ name: 'gamma', locations: ['nrt'], primary: 'nrt' }], updatedAt: Date.now() });
    store.dispose(); // before the write the round scheduled
    expect((JSON.parse(storage.entries.get(KEY) as string) as { groups: Array<{ name: string }> }).groups.map((g) => g.name)).toEqual(['gamma']);
  });

  it('is removed by clearPersisted(), and nothing is stored afterwards', async () => {
    const emulator = startEmulator();
    const storage = new MemoryStorage();
    const { store } = openPersisted(emulator, storage);
    await store.load();
    await settle();
    expect(storage.entries.has(KEY)).toBe(true);
    await store.clearPersisted();
    expect([...storage.entries.keys()]).toEqual([]);
    await store.addLocation('alpha', 'nrt');
    await store.load();
    store.dispose();
    await settle();
    expect([...storage.entries.keys()]).toEqual([]);
  });
});

describe('a storage that holds rubbish', () => {
  const ENTRIES: ReadonlyArray<[string, (entry: Record<string, unknown>) => unknown]> = [
    ['not JSON', () => '{"app":"turso-groups-store","format":1,'],
    ['another format', (entry) => ({ ...entry, format: 0 })],
    ['another app', (entry) => ({ ...entry, app: 'elsewhere' })],
    ['another organization', (entry) => ({ ...entry, org: 'other-org' })],
    ['another base', (entry) => ({ ...entry, base: 'https://api.turso.tech' })],
    ['another buster', (entry) => ({ ...entry, buster: 'v2' })],
    ['a group that is no group', (entry) => ({ ...entry, groups: [{ name: 'alpha', locations: 'lhr', primary: 'lhr' }] })],
    ['a group twice', (entry) => ({ ...entry, groups: [...(entry.groups as unknown[]), ...(entry.groups as unknown[])] })],
    ['a stamp that is no stamp', (entry) => ({ ...entry, listStamp: -1 })],
    ['an updatedAt that is no time', (entry) => ({ ...entry, updatedAt: 'yesterday' })],
  ];

  it.each(ENTRIES)('ignores an entry with %s, removes it, and stores its own at the next load', async (_, spoil) => {
    const emulator = startEmulator();
    const storage = new MemoryStorage();
    await visitAndLeave(emulator, storage);
    const entry = JSON.parse(storage.entries.get(KEY) as string) as Record<string, unknown>;
    const spoilt = spoil(entry);
    storage.entries.set(KEY, typeof spoilt === 'string' ? spoilt : JSON.stringify(spoilt));
    const { store } = openPersisted(emulator, storage);
    const events = collect(store.events$);
    expect(store.getSnapshot().status.status).toBe('idle');
    expect(storage.entries.has(KEY)).toBe(false);
    await store.load();
    await settle();
    expect(names((JSON.parse(storage.entries.get(KEY) as string) as { groups: Array<{ name: string }> }).groups)).toEqual(['alpha', 'beta']);
    expect(events.values.map((e) => e.type)).toEqual(['start', 'success']);
  });
});

describe('a storage that fails', () => {
  const quota = (): DOMException => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

  it('full: the store runs on without persistence, says so once, and calls the storage no more', async () => {
    const emulator = startEmulator();
    const storage = new MemoryStorage();
    storage.failWith = (method) => (method === 'save' ? quota() : undefined);
    const { store } = openPersisted(emulator, storage);
    const events = collect(store.events$);
    await store.load();
    await settle();
    const callsAfterFailure = storage.calls.length;
    await store.addLocation('alpha', 'nrt');
    await store.create({ name: 'gamma', location: 'ams' });
    await store.load();
    store.dispose();
    await settle();
    expect(storage.calls.length).toBe(callsAfterFailure);
    expect(names(store.getSnapshot().groups)).toEqual(['alpha', 'beta', 'gamma']);
    const failures = events.values.filter((e) => e.type === 'storageFailed');
    expect(failures).toEqual([{ type: 'storageFailed', id: expect.any(Number), operation: 'request', group: undefined, cause: expect.objectContaining({ name: 'QuotaExceededError' }) }]);
  });

  it('throwing on every call (private mode): the store is made, loads and runs, and says so once, to whoever subscribed right after making it', async () => {
    const emulator = startEmulator();
    const storage = new MemoryStorage();
    storage.failWith = () => new DOMException('The operation is insecure.', 'SecurityError');
    const { store } = openPersisted(emulator, storage);
    const events = collect(store.events$);
    await store.load();
    await store.addLocation('alpha', 'nrt');
    store.dispose();
    // load() starts before the failure is told (it is told a microtask after the store was made).
    expect(events.values.map((e) => e.type)).toEqual(['start', 'storageFailed', 'success', 'start', 'success']);
  });

  it('rejecting (an asynchronous storage): the same', async () => {
    const emulator = startEmulator();
    const storage = new MemoryStorage();
    storage.deferred = true;
    storage.failWith = (method) => (method === 'save' ? quota() : undefined);
    const { store } = openPersisted(emulator, storage);
    const events = collect(store.events$);
    storage.answer();
    await store.load();
    await settle();
    storage.answer();
    await settle();
    await store.addLocation('alpha', 'nrt');
    await settle();
    storage.answer();
    await settle();
    expect(events.values.filter((e) => e.type === 'storageFailed')).toHaveLength(1);
    expect(store.getGroup('alpha')?.locations).toEqual(['lhr', 'ams', 'nrt']);
  });

  it('that stops answering (an asynchronous storage): counted as failed after 10 s, and a mutation held offline is sent all the same', async () => {
    vi.useFakeTimers();
    const emulator = startEmulator();
    const storage = new MemoryStorage();
    storage.deferred = true;
    const { store, environment, sent } = openPersisted(emulator, storage);
    const events = collect(store.events$);
    environment.setOnline(false);
    const adding = store.addLocation('alpha', 'nrt');
    // The storage answers until the held mutation is stored, then no more.
    for (let i = 0; i < 50 && !storage.entries.has(`${KEY}:held`); i++) {
      storage.answer();
      await vi.advanceTimersByTimeAsync(0);
    }
    expect(storage.entries.has(`${KEY}:held`)).toBe(true);
    environment.setOnline(true);
    // It must be taken out of storage before it is sent: it waits for the storage...
    await vi.advanceTimersByTimeAsync(9_000);
    expect(sent).toEqual([]);
    // ...until the storage counts as failed.
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(adding).resolves.toMatchObject({ name: 'alpha' });
    expect(sent).toEqual(['POST /groups/alpha/locations/nrt']);
    expect(events.values.filter((e) => e.type === 'storageFailed')).toEqual([expect.objectContaining({ cause: expect.objectContaining({ message: 'the storage did not answer within 10000 ms' }) })]);
  });

  it('a localStorage that cannot even be read (a sandboxed frame): the same', async () => {
    const emulator = startEmulator();
    Object.defineProperty(globalThis, 'localStorage', {
      configurable: true,
      get(): never {
        throw new DOMException('Access is denied for this document.', 'SecurityError');
      },
    });
    try {
      const store = createGroupsStore({
        org: ORG,
        transport: createFetchTransport({ token: TOKEN, baseURL: BASE, fetch: emulator.fetch }),
        persist: { storage: localStoragePersister(), base: BASE },
      });
      const events = collect(store.events$);
      expect(names(await store.load())).toEqual(['alpha', 'beta']);
      expect(events.values.map((e) => e.type)).toEqual(['start', 'storageFailed', 'success']);
      store.dispose();
    } finally {
      delete (globalThis as { localStorage?: unknown }).localStorage;
    }
  });
});

describe('the persist option', () => {
  const transport = createFetchTransport({ token: TOKEN, baseURL: BASE, fetch: startEmulator().fetch });
  const storage = createPersister({ load: () => undefined, save: () => undefined, remove: () => undefined });
  const CASES: ReadonlyArray<[string, unknown, string]> = [
    ['a storage of its own, not wrapped', { storage: { load: () => undefined, save: () => undefined, remove: () => undefined }, base: BASE }, 'persist.storage must be a persister'],
    ['no base', { storage }, 'persist.base must be a non-empty string'],
    ['an empty base', { storage, base: '' }, 'persist.base must be a non-empty string'],
    ['a negative maxAge', { storage, base: BASE, maxAge: -1 }, 'persist.maxAge must be a number of ms'],
    ['a maxMutationAge that is no number', { storage, base: BASE, maxMutationAge: '1d' }, 'persist.maxMutationAge must be a number of ms'],
    ['a buster that is no string', { storage, base: BASE, buster: 2 }, 'persist.buster must be a string'],
  ];

  it.each(CASES)('refuses %s with a validation error', (_, persist, message) => {
    let error: unknown;
    try {
      createGroupsStore({ org: ORG, transport, persist: persist as never });
    } catch (caught) {
      error = caught;
    }
    expect(isGroupsError(error) && error.code).toBe('validation');
    expect((error as Error).message).toContain(message);
  });

  it('createPersister refuses a storage without its three methods', () => {
    expect(() => createPersister({ load: () => undefined, save: () => undefined } as never)).toThrow(/load\(key\), save\(key, value\) and remove\(key\)/);
  });
});
