import { invalidRequest } from '../errors.js';
import { PERSISTENCE, type Persister, type PersistStorage } from '../store/persistOption.js';
import { persistenceEngine } from './persistence.js';

/**
 * A persister over a storage of your own: three methods over text values,
 * each synchronous or returning a promise (a synchronous one shows the
 * stored groups on the store's first render). A method that throws or
 * rejects turns persistence off for the store, which says so once in
 * `events$` (`storageFailed`) and runs on without it.
 *
 * Throws a `validation` GroupsError when a method is missing.
 *
 * @example
 * const memory = new Map<string, string>()
 * const storage = createPersister({
 *   load: (key) => memory.get(key),
 *   save: (key, value) => void memory.set(key, value),
 *   remove: (key) => void memory.delete(key),
 * })
 */
export function createPersister(storage: PersistStorage): Persister {
  const { load, save, remove } = storage ?? {};
  if (typeof load !== 'function' || typeof save !== 'function' || typeof remove !== 'function') {
    throw invalidRequest('a persister needs load(key), save(key, value) and remove(key)');
  }
  return {
    load: (key) => load.call(storage, key),
    save: (key, value) => save.call(storage, key, value),
    remove: (key) => remove.call(storage, key),
    [PERSISTENCE]: persistenceEngine,
  };
}
