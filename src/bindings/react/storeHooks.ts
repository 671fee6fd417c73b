import { useSyncExternalStore } from 'react';
import type { Group, GroupMeta, GroupsSnapshot, GroupsStore, ListStatus } from '../../index.js';
import { useStoreValue } from './useStoreValue.js';

// Each hook subscribes to the one observable that holds what it returns, so a
// component re-renders only when that value changes: a row bound with useGroup
// and useGroupMeta stays still while other groups, or the list's status, change.
// All of them read synchronously on the server (renderToString) and never throw there.

const observeGroups = (store: GroupsStore) => store.groups$;
const readGroups = (store: GroupsStore) => store.getSnapshot().groups;
const observeGroup = (store: GroupsStore, name: string) => store.group$(name);
const readGroup = (store: GroupsStore, name: string) => store.getGroup(name);
const observeMeta = (store: GroupsStore, name: string) => store.meta$(name);
const readMeta = (store: GroupsStore, name: string) => store.getMeta(name);
const observeStatus = (store: GroupsStore) => store.status$;
const readStatus = (store: GroupsStore) => store.getSnapshot().status;

/**
 * The groups shown (confirmed, with pending mutations applied), in the
 * server's order, new ones last: `store.groups$`. The same array until one
 * group is added, removed or changed; unchanged groups keep their objects, so
 * rows keyed by name and memoized on `group` skip work.
 *
 * @example
 * const groups = useGroups(store)
 * return createElement('ul', null, groups.map((g) => createElement(GroupRow, { key: g.name, name: g.name })))
 */
export function useGroups(store: GroupsStore): readonly Group[] {
  return useStoreValue(store, undefined, observeGroups, readGroups);
}

/**
 * One group as shown, `undefined` while there is none (not loaded, deleted,
 * or never existed): `store.group$(name)`. When `name` changes, the hook
 * follows the new group and closes the old group's subscription.
 *
 * @example
 * const group = useGroup(store, props.name) // Group | undefined
 */
export function useGroup(store: GroupsStore, name: string): Group | undefined {
  return useStoreValue(store, name, observeGroup, readGroup);
}

/**
 * What is going on with one group: the mutations pending on it, its last
 * error, whether it is shown only because a create is pending. `IDLE_META`
 * (one shared object) while nothing is. `name` is followed as in {@link useGroup}.
 *
 * @example
 * const meta = useGroupMeta(store, props.name) // meta.pending.length > 0 while saving
 */
export function useGroupMeta(store: GroupsStore, name: string): GroupMeta {
  return useStoreValue(store, name, observeMeta, readMeta);
}

/**
 * The status of the list: `idle`, `loading` (first load), `success` (with
 * `fetching` during a refresh) or `error` (with the error): `store.status$`.
 *
 * @example
 * const { status, error } = useListStatus(store)
 */
export function useListStatus(store: GroupsStore): ListStatus {
  return useStoreValue(store, undefined, observeStatus, readStatus);
}

/**
 * Everything at once (`groups`, `status`, `meta` of every busy group):
 * `store.subscribe` and `store.getSnapshot` as they are. The component
 * re-renders on any change in the store; prefer the narrower hooks for rows.
 *
 * @example
 * const { groups, status } = useGroupsSnapshot(store)
 */
export function useGroupsSnapshot(store: GroupsStore): GroupsSnapshot {
  // Both are bound properties of the store: stable, so React never resubscribes for them.
  return useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
}
