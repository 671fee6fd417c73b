import type { Persister } from '../store/persistOption.js';
import { createPersister } from './createPersister.js';

/** The part of the Web Storage API the persister uses. */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface LocalStoragePersisterOptions {
  /**
   * The storage to use: `sessionStorage`, or one of your own.
   * @default globalThis.localStorage, read at each call (a page where reading it throws, such as a sandboxed frame, runs without persistence)
   */
  readonly storage?: StorageLike | undefined;
}

/**
 * Persists in `localStorage`: synchronous, so a store shows the groups an
 * earlier visit stored on its first render, before any request. About 5 MB
 * per origin; a full storage turns persistence off for the store, which says
 * so once in `events$` and runs on without it.
 *
 * @example
 * import { localStoragePersister } from 'turso-groups-store/persist'
 * createGroupsStore({ org, transport, persist: { storage: localStoragePersister(), base: 'https://api.turso.tech' } })
 */
export function localStoragePersister(options: LocalStoragePersisterOptions = {}): Persister {
  const given = options.storage;
  const storage = (): StorageLike => given ?? (globalThis as { localStorage: StorageLike }).localStorage;
  return createPersister({
    load: (key) => storage().getItem(key),
    save: (key, value) => storage().setItem(key, value),
    remove: (key) => storage().removeItem(key),
  });
}
