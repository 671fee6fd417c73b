import { hasInjectionContext, inject, provide, type InjectionKey } from 'vue';
import type { GroupsStore } from '../../index.js';

/**
 * The key a store is provided under. For a whole app:
 * `app.provide(GROUPS_STORE_KEY, store)`; in a component: {@link provideGroupsStore}.
 */
export const GROUPS_STORE_KEY: InjectionKey<GroupsStore> = Symbol('turso-groups-store');

/**
 * Provides `store` to this component's descendants (call it in setup()), for
 * {@link useGroupsStore} to find. Returns `store`, so it can wrap its creation.
 *
 * @example
 * const store = provideGroupsStore(useScopedGroupsStore({ org, transport }))
 */
export function provideGroupsStore(store: GroupsStore): GroupsStore {
  provide(GROUPS_STORE_KEY, store);
  return store;
}

/**
 * The store an ancestor provided (or the app, with `app.provide`). Throws
 * when called outside setup() or when no store was provided: either is a
 * mistake in the app's wiring, not a state to render.
 *
 * @example
 * const store = useGroupsStore()
 * const groups = useGroups(store)
 */
export function useGroupsStore(): GroupsStore {
  if (!hasInjectionContext()) {
    throw new Error('turso-groups-store/vue: useGroupsStore() can only be called in setup() or app.runWithContext()');
  }
  const store = inject(GROUPS_STORE_KEY, null);
  if (store === null) {
    throw new Error('turso-groups-store/vue: no store was provided; call provideGroupsStore(store) in an ancestor or app.provide(GROUPS_STORE_KEY, store)');
  }
  return store;
}
