import { useEffect } from 'react';
import type { GroupsStore } from '../../index.js';

export interface UseLoadOptions {
  /**
   * Sends nothing when the list was loaded less than this many ms ago (by the
   * store's clock): a page hydrated from a server render does not load again.
   * @default undefined (loads on every mount)
   */
  readonly maxAge?: number | undefined;
}

/**
 * Loads the list when the component mounts (and when `store` or `maxAge`
 * changes), and gives up when it unmounts. The request itself is aborted only
 * when every caller sharing it has given up, and a load after an aborted one
 * starts afresh, so StrictMode's mount, cleanup, mount ends loaded.
 *
 * Returns nothing: the outcome is the list's status (`useListStatus`),
 * its error included.
 *
 * @example
 * useLoad(store, { maxAge: 30_000 })
 * const { status, error } = useListStatus(store)
 */
export function useLoad(store: GroupsStore, options: UseLoadOptions = {}): void {
  const { maxAge } = options;
  useEffect(() => {
    const controller = new AbortController();
    // A failure is already the list's status (and an events$ event); this
    // promise would only repeat it, or say the component gave up.
    store.load({ signal: controller.signal, maxAge }).catch(() => undefined);
    return () => controller.abort();
  }, [store, maxAge]);
}
