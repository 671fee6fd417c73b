import type { GroupsStore } from '../../index.js';
import { useStoreLease } from './storeLease.js';

/**
 * Creates a store owned by the calling component: once per mounted
 * component, disposed (requests in flight aborted, observables completed)
 * when it unmounts for real. Safe under StrictMode, whose extra cleanup and
 * setup keep the store: the dispose waits a task and is called off when the
 * component mounts again. A component hidden by `<Activity>` long enough to
 * have its store disposed gets a new one from `create` when shown again.
 *
 * `create` must only create (StrictMode may call it twice and drop one
 * store): load in an effect, with `useLoad`. On the server the store is
 * never disposed (effects do not run there); it holds nothing that needs it.
 * A store that lives as long as the app is better made with
 * `createGroupsStore` next to `createRoot` and passed to the provider.
 *
 * @example
 * const store = useOwnedGroupsStore(() => createGroupsStore({ org, transport }))
 */
export function useOwnedGroupsStore(create: () => GroupsStore): GroupsStore {
  if (typeof create !== 'function') throw new TypeError('turso-groups-store/react: useOwnedGroupsStore expects a function that creates the store');
  return useStoreLease(create);
}
