import { getContext, setContext } from 'svelte';
import type { GroupsStore } from '../../index.js';

// A key of this module's own: no other library's context can answer for it.
const KEY = Symbol('turso-groups-store');

/**
 * Puts `store` in context for this component's descendants (call it in the
 * `<script>` of the component that owns the groups screen), for
 * {@link getGroupsStore} to find. Returns `store`, so it can wrap its creation.
 *
 * Context rather than a module-level store: on a server every request renders
 * with a store of its own, and context keeps them apart.
 *
 * @example
 * const store = setGroupsStore(ownGroupsStore({ org, transport }))
 */
export function setGroupsStore(store: GroupsStore): GroupsStore {
  setContext(KEY, store);
  return store;
}

/**
 * The store an ancestor put in context with {@link setGroupsStore}. Call it in
 * a component's `<script>` (Svelte throws elsewhere); throws when no ancestor
 * set one, which is a mistake in the app's wiring, not a state to render.
 *
 * @example
 * const store = getGroupsStore()
 * const list = groups(store)
 */
export function getGroupsStore(): GroupsStore {
  const store = getContext<GroupsStore | undefined>(KEY);
  if (store === undefined) {
    throw new Error('turso-groups-store/svelte: no store in context; call setGroupsStore(store) in an ancestor component');
  }
  return store;
}
