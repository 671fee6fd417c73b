import { toValue, type MaybeRefOrGetter } from 'vue';
import type { Group, GroupMeta, GroupsStore, ListStatus } from '../../index.js';
import { storeRef, type ReadonlyShallowRef } from './storeRef.js';

// Every composable here must be called in setup() or inside an effectScope():
// its subscription closes when that scope stops (a component unmounts, or
// `scope.stop()`). Each ref holds the store's own objects (frozen, kept by
// identity while unchanged), so a component re-renders only when what it
// reads changed.

/** Nothing to follow: the list and the status are the store's, not a group's. */
const noKey = (): undefined => undefined;

/**
 * The groups shown (confirmed, with pending mutations applied), in the
 * server's order, new ones last: `store.groups$` as a read-only ref.
 *
 * @example
 * const groups = useGroups(store) // groups.value: readonly Group[]
 */
export function useGroups(store: GroupsStore): ReadonlyShallowRef<readonly Group[]> {
  return storeRef('useGroups', {
    key: noKey,
    read: () => store.getSnapshot().groups,
    observe: () => store.groups$,
  });
}

/**
 * One group as shown, `undefined` while there is none: `store.group$(name)`
 * as a read-only ref. `name` may be a string, a ref or a getter (such as
 * `() => props.name`); when it changes, the ref follows the new group and the
 * old group's subscription is closed.
 *
 * @example
 * const group = useGroup(store, () => props.name) // group.value: Group | undefined
 */
export function useGroup(store: GroupsStore, name: MaybeRefOrGetter<string>): ReadonlyShallowRef<Group | undefined> {
  return storeRef('useGroup', {
    key: () => toValue(name),
    read: (current) => store.getGroup(current),
    observe: (current) => store.group$(current),
  });
}

/**
 * What is going on with one group (pending mutations, last error, whether it
 * is only optimistic): `store.meta$(name)` as a read-only ref, `IDLE_META`
 * while nothing is. `name` is followed as in {@link useGroup}.
 *
 * @example
 * const meta = useGroupMeta(store, () => props.name) // meta.value.pending.length > 0 while saving
 */
export function useGroupMeta(store: GroupsStore, name: MaybeRefOrGetter<string>): ReadonlyShallowRef<GroupMeta> {
  return storeRef('useGroupMeta', {
    key: () => toValue(name),
    read: (current) => store.getMeta(current),
    observe: (current) => store.meta$(current),
  });
}

/**
 * The status of the list (`idle`, `loading`, `success`, `error`, with
 * `fetching` during a refresh): `store.status$` as a read-only ref.
 *
 * @example
 * const status = useListStatus(store) // status.value.status === 'loading'
 */
export function useListStatus(store: GroupsStore): ReadonlyShallowRef<ListStatus> {
  return storeRef('useListStatus', {
    key: noKey,
    read: () => store.getSnapshot().status,
    observe: () => store.status$,
  });
}
