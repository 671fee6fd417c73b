// Runs in headless Chromium: the persisters over the real localStorage and
// IndexedDB, and held mutations shared through real Web Locks, against the
// emulator on loopback.
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createFetchTransport, createGroupsStore, manualEnvironment, type GroupsStore, type ManualEnvironment, type StoreEvent } from '../../src/index.js';
import { indexedDbPersister, localStoragePersister, type Persister } from '../../src/persist/index.js';

const TOKEN = 'browser-token';
const stores: GroupsStore[] = [];

afterEach(() => {
  for (const store of stores.splice(0)) store.dispose();
  localStorage.clear();
});

/** A store on the persistence tests' own emulator (what they create stays there); `creates` collects the creates it sent, by name. */
function open(storage: Persister, base: string, environment: ManualEnvironment, creates: string[] = []): GroupsStore {
  const fetch: typeof globalThis.fetch = (input, init) => {
    if (init?.method === 'POST' && String(input).endsWith('/groups')) creates.push((JSON.parse(String(init.body)) as { name: string }).name);
    return globalThis.fetch(input, init);
  };
  const store = createGroupsStore({
    org: 'acme',
    transport: createFetchTransport({ token: TOKEN, baseURL: inject('persistenceUrl'), fetch, retry: 0 }),
    environment,
    persist: { storage, base },
  });
  stores.push(store);
  return store;
}

async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(done()).toBe(true);
}

/** Every value of every object store of database `name`, as text. */
async function indexedDbText(name: string): Promise<string> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(name);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const parts: string[] = [];
  for (const store of db.objectStoreNames) {
    parts.push(
      JSON.stringify(
        await new Promise<unknown[]>((resolve, reject) => {
          const request = db.transaction(store, 'readonly').objectStore(store).getAll();
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        }),
      ),
    );
  }
  db.close();
  return parts.join('\n');
}

/** The value stored under `key` in the persister's object store of database `name`. */
async function indexedDbEntry(name: string, key: string): Promise<unknown> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(name);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  try {
    return await new Promise<unknown>((resolve, reject) => {
      const request = db.transaction('entries', 'readonly').objectStore('entries').get(key);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  } finally {
    db.close();
  }
}

describe('indexedDbPersister, in Chromium', () => {
  it('keeps the groups for the next store, which shows them as soon as the database answers', async () => {
    const base = `idb-${crypto.randomUUID()}`;
    const storage = indexedDbPersister({ database: base });
    const first = open(storage, base, manualEnvironment());
    await first.load();
    first.dispose();
    await until(() => true);
    const next = open(indexedDbPersister({ database: base }), base, manualEnvironment());
    expect(next.getSnapshot().status.status).toBe('idle'); // asynchronous: not on the first render
    await until(() => next.getSnapshot().status.status === 'restored');
    expect(next.getSnapshot().groups.map((g) => g.name)).toContain('default');
    await next.load();
    expect(next.getSnapshot().status.status).toBe('success');
  });

  it('a create held offline by a store that is gone: two stores restore it, Web Locks let one send it, once', async () => {
    const base = `idb-${crypto.randomUUID()}`;
    const name = `held-${crypto.randomUUID().slice(0, 8)}`;
    const locks = navigator.locks;
    const creates: string[] = [];
    const gone = open(indexedDbPersister({ database: base }), base, manualEnvironment({ online: false, locks }), creates);
    gone.create({ name, location: 'lhr' }).catch(() => undefined);
    await until(() => gone.getMeta(name).paused);
    // Its write is in IndexedDB (Web Locks and a transaction: some milliseconds, more on a busy machine).
    for (let i = 0; i < 500 && !(await indexedDbText(base)).includes(name); i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await indexedDbText(base)).toContain(name);
    gone.dispose();
    const environments = [manualEnvironment({ online: false, locks }), manualEnvironment({ online: false, locks })];
    const tabs = environments.map((environment) => open(indexedDbPersister({ database: base }), base, environment, creates));
    for (const tab of tabs) tab.groups$.subscribe(() => undefined); // each page watches its store, as a page does
    await until(() => tabs.some((tab) => tab.getPending().length > 0));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(tabs.map((tab) => tab.getPending().map((m) => `${m.operation} ${m.group}`))).toContainEqual([`create ${name}`]);
    expect(tabs.filter((tab) => tab.getPending().length > 0)).toHaveLength(1);
    for (const environment of environments) environment.setOnline(true);
    await until(() => tabs.every((tab) => tab.getPending().length === 0) && creates.includes(name));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(creates.filter((created) => created === name)).toEqual([name]);
    // Sent: no longer among the held mutations (the confirmed groups name it now).
    expect(await indexedDbEntry(base, `turso-groups-store:acme@${base}:held`)).toBeUndefined();
  });

  it('stores neither the token nor a minted JWT', async () => {
    const base = `idb-${crypto.randomUUID()}`;
    const store = open(indexedDbPersister({ database: base }), base, manualEnvironment());
    await store.load();
    const { jwt } = await store.mintToken('default');
    store.dispose();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const stored = await indexedDbText(base);
    expect(stored).toContain('default');
    expect(stored).not.toContain(TOKEN);
    expect(stored).not.toContain(jwt);
    expect(stored).not.toContain('eyJ');
  });
});

describe('localStoragePersister, in Chromium', () => {
  it('shows the stored groups synchronously, on the first render', async () => {
    const base = `ls-${crypto.randomUUID()}`;
    const first = open(localStoragePersister(), base, manualEnvironment());
    await first.load();
    first.dispose();
    const next = open(localStoragePersister(), base, manualEnvironment());
    expect(next.getSnapshot().status.status).toBe('restored');
    expect(next.getSnapshot().groups.map((g) => g.name)).toContain('default');
  });

  it('full (a real QuotaExceededError): the store runs on and says so once', async () => {
    // Filled to the last byte: large chunks, then smaller and smaller ones.
    for (let size = 512 * 1024; size >= 1; size = Math.floor(size / 2)) {
      try {
        for (let i = 0; ; i++) localStorage.setItem(`filler-${size}-${i}`, 'x'.repeat(size));
      } catch {
        // full at this size
      }
    }
    const base = `ls-${crypto.randomUUID()}`;
    const store = open(localStoragePersister(), base, manualEnvironment());
    const events: StoreEvent[] = [];
    const subscription = store.events$.subscribe((event) => events.push(event));
    await store.load();
    await new Promise((resolve) => setTimeout(resolve, 0));
    await store.create({ name: `full-${crypto.randomUUID().slice(0, 8)}`, location: 'ams' });
    await store.load();
    subscription.unsubscribe();
    const failures = events.filter((event) => event.type === 'storageFailed');
    expect(failures).toHaveLength(1);
    expect(failures[0]?.type === 'storageFailed' && (failures[0].cause as DOMException).name).toBe('QuotaExceededError');
  });
});
