import { getCurrentScope, onScopeDispose } from 'vue';
import { createGroupsStore, type GroupsStore, type GroupsStoreOptions } from '../../index.js';

/**
 * Creates a store owned by the current effect scope: it is disposed (requests
 * in flight aborted, observables completed) when that scope stops, e.g. when
 * the component that called this in setup() unmounts. Throws outside a scope,
 * where nothing would ever dispose it; a store that lives as long as the app
 * is better made with `createGroupsStore` next to `createApp`.
 *
 * In a server render nothing is unmounted, so such a store is never disposed
 * there; it holds no subscription from these bindings (they only read on the
 * server) and is collected with the request's component tree.
 *
 * @example
 * // In the setup() of the component that owns the groups screen:
 * const store = provideGroupsStore(useScopedGroupsStore({ org, transport }))
 */
export function useScopedGroupsStore(options: GroupsStoreOptions): GroupsStore {
  if (!getCurrentScope()) {
    throw new Error('turso-groups-store/vue: useScopedGroupsStore() must be called in setup() or inside an effectScope(), which disposes the store');
  }
  const store = createGroupsStore(options);
  onScopeDispose(() => store.dispose());
  return store;
}
