// turso-groups-store/persist: the persisters for `createGroupsStore`'s
// `persist` option. They carry the persistence code, so an app that does not
// persist never ships it.
export { createPersister } from './createPersister.js';
export { indexedDbPersister } from './indexedDbPersister.js';
export type { IndexedDbPersisterOptions } from './indexedDbPersister.js';
export { localStoragePersister } from './localStoragePersister.js';
export type { LocalStoragePersisterOptions, StorageLike } from './localStoragePersister.js';
export type { PersistOptions, Persister, PersistStorage } from '../store/persistOption.js';
