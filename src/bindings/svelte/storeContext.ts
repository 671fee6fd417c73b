import { getContext, setContext } from 'svelte';
import type { GroupsStore } from '../../index.js';

/**
 * The context key a store is kept under: what {@link setGroupsStore} sets and
 * {@link getGroupsStore} reads. Give it to `mount`, `hydrate` or `render`
 * (`context: new Map([[GROUPS_STORE_KEY, store]])`) to hand the app its store
 * from outside any component.
 */
export const GROUPS_STORE_KEY: unique symbol = Symbol('turso-groups-store');

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
  setContext(GROUPS_STORE_KEY, store);
  return store;
}

/**
 * The store an ancestor put in context with {@link setGroupsStore}, or the app
 * handed `mount`/`hydrate`/`render` under {@link GROUPS_STORE_KEY}. Call it in
 * a component's `<script>` (Svelte throws elsewhere); throws when no ancestor
 * set one, which is a mistake in the app's wiring, not a state to render.
 *
 * @example
 * const store = getGroupsStore()
 * const list = groups(store)
 */
export function getGroupsStore(): GroupsStore {
  const store = getContext<GroupsStore | undefined>(GROUPS_STORE_KEY);
  if (store === undefined) {
    throw new Error('turso-groups-store/svelte: no store in context; call setGroupsStore(store) in an ancestor component, or mount with context: new Map([[GROUPS_STORE_KEY, store]])');
  }
  return store;
}
