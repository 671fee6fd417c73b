import type { Persister } from '../store/persistOption.js';
import { createPersister } from './createPersister.js';

export interface IndexedDbPersisterOptions {
  /**
   * The database's name; it holds one object store, `entries`.
   * @default 'turso-groups-store'
   */
  readonly database?: string | undefined;
  /**
   * The IndexedDB factory to use.
   * @default globalThis.indexedDB, read when the database is first opened
   */
  readonly indexedDB?: IDBFactory | undefined;
}

const STORE = 'entries';

/**
 * Persists in IndexedDB: much more room than `localStorage`, but
 * asynchronous, so a store shows the stored groups a moment after it is
 * made (as soon as the database answers) rather than on its first render.
 * The database is opened on first use and kept open; another version opened
 * elsewhere closes it, and the next call opens it again.
 *
 * @example
 * import { indexedDbPersister } from 'turso-groups-store/persist'
 * createGroupsStore({ org, transport, persist: { storage: indexedDbPersister(), base: 'https://api.turso.tech' } })
 */
export function indexedDbPersister(options: IndexedDbPersisterOptions = {}): Persister {
  const name = options.database ?? 'turso-groups-store';
  let opening: Promise<IDBDatabase> | undefined;

  function open(): Promise<IDBDatabase> {
    opening ??= new Promise<IDBDatabase>((resolve, reject) => {
      const factory = options.indexedDB ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB;
      if (factory === undefined) throw new Error('this host has no IndexedDB');
      const request = factory.open(name, 1);
      request.onupgradeneeded = () => {
        if (!request.result.objectStoreNames.contains(STORE)) request.result.createObjectStore(STORE);
      };
      request.onsuccess = () => {
        const db = request.result;
        db.onversionchange = () => {
          db.close();
          opening = undefined;
        };
        resolve(db);
      };
      request.onerror = () => reject(request.error ?? new Error(`IndexedDB could not open ${name}`));
      request.onblocked = () => reject(new Error(`IndexedDB ${name} is blocked by an older version open elsewhere`));
    }).catch((error: unknown) => {
      opening = undefined; // the next call tries again
      throw error;
    });
    return opening;
  }

  /** One request in a transaction of its own; resolves once the transaction is complete (a write is then stored). */
  async function run<T>(mode: IDBTransactionMode, use: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
    const db = await open();
    return new Promise<T>((resolve, reject) => {
      const transaction = db.transaction(STORE, mode);
      const request = use(transaction.objectStore(STORE));
      transaction.oncomplete = () => resolve(request.result);
      transaction.onerror = transaction.onabort = () => reject(transaction.error ?? request.error ?? new Error('IndexedDB transaction failed'));
    });
  }

  return createPersister({
    load: async (key) => {
      const value = await run('readonly', (store) => store.get(key) as IDBRequest<unknown>);
      return typeof value === 'string' ? value : undefined;
    },
    save: async (key, value) => {
      await run('readwrite', (store) => store.put(value, key));
    },
    remove: async (key) => {
      await run('readwrite', (store) => store.delete(key));
    },
  });
}
