import { useCallback, useSyncExternalStore } from 'react';
import type { Observable } from 'rxjs';
import type { GroupsStore } from '../../index.js';

/**
 * One value of the store as React state, over `useSyncExternalStore`: `read`
 * gives it synchronously for every render, the server's included (where
 * nothing subscribes, so nothing can leak), and `observe` tells of changes.
 * Pass module-level functions for both, so that only `store` and `key` decide
 * when React subscribes again: a new key (a row given another name) closes the
 * old subscription and opens the new one.
 *
 * The store's observables emit only when the value changed by identity, and
 * `read` returns the same object until then, so a component re-renders only
 * when what it reads changed.
 */
export function useStoreValue<K, T>(
  store: GroupsStore,
  key: K,
  observe: (store: GroupsStore, key: K) => Observable<T>,
  read: (store: GroupsStore, key: K) => T,
): T {
  const subscribe = useCallback(
    (onChange: () => void) => {
      // The observable emits the current value at once; React then reads it,
      // finds what it rendered, and does nothing.
      const subscription = observe(store, key).subscribe(() => onChange());
      return () => subscription.unsubscribe();
    },
    [store, key, observe],
  );
  const getSnapshot = useCallback(() => read(store, key), [store, key, read]);
  return useSyncExternalStore(subscribe, getSnapshot, getSnapshot);
}
