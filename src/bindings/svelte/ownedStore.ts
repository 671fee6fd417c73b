import { onDestroy } from 'svelte';
import { createGroupsStore, type GroupsStore, type GroupsStoreOptions } from '../../index.js';

/**
 * Creates a store owned by the component being initialised: it is disposed
 * (requests in flight aborted, observables completed) when that component is
 * destroyed. Call it in the component's `<script>`, where Svelte allows
 * `onDestroy`; elsewhere Svelte throws, since nothing would dispose the store.
 * A store that lives as long as the app is better made with
 * `createGroupsStore` next to `mount`.
 *
 * In a server render Svelte runs `onDestroy` once the page is rendered, so
 * the store is disposed then; `dehydrate()` it before, in the same script.
 *
 * @example
 * <script>
 *   const store = setGroupsStore(ownGroupsStore({ org, transport }))
 * </script>
 */
export function ownGroupsStore(options: GroupsStoreOptions): GroupsStore {
  const store = createGroupsStore(options);
  onDestroy(() => store.dispose());
  return store;
}
