import type { Readable } from 'svelte/store';
import type { Group, GroupMeta, GroupsStore, ListStatus } from '../../index.js';
import { followName, type GroupName } from './followName.js';
import { observableReadable } from './observableReadable.js';

// Each readable holds the store's own objects (frozen, kept by identity while
// unchanged) and tells its subscribers only when that identity changes, so a
// component re-renders only when what it reads changed. The readables are
// cheap objects with no state: make them where they are used.

/**
 * The groups shown (confirmed, with pending mutations applied), in the
 * server's order, new ones last: `store.groups$` as a Svelte readable.
 *
 * @example
 * const list = groups(store) // {#each $list as group (group.name)}
 */
export function groups(store: GroupsStore): Readable<readonly Group[]> {
  return observableReadable(() => store.groups$, () => store.getSnapshot().groups);
}

/**
 * One group as shown, `undefined` while there is none: `store.group$(name)`
 * as a Svelte readable. `name` is a string, or a readable of one (then the
 * group followed changes with it). For a name that is a prop, make the
 * readable again when it changes — Svelte switches `$row` over to it:
 *
 * @example
 * // Svelte 5 (runes)
 * let { name } = $props()
 * const row = $derived(group(store, name)) // {$row?.locations.join(', ')}
 * // Svelte 4
 * export let name
 * $: row = group(store, name)
 */
export function group(store: GroupsStore, name: GroupName): Readable<Group | undefined> {
  return followName(name, (current) => observableReadable(() => store.group$(current), () => store.getGroup(current)));
}

/**
 * What is going on with one group (pending mutations, last error, whether it
 * is only optimistic): `store.meta$(name)` as a Svelte readable, `IDLE_META`
 * while nothing is. `name` is followed as in {@link group}.
 *
 * @example
 * const meta = $derived(groupMeta(store, name)) // {#if $meta.pending.length}saving…{/if}
 */
export function groupMeta(store: GroupsStore, name: GroupName): Readable<GroupMeta> {
  return followName(name, (current) => observableReadable(() => store.meta$(current), () => store.getMeta(current)));
}

/**
 * The status of the list (`idle`, `loading`, `success`, `error`, with
 * `fetching` during a refresh): `store.status$` as a Svelte readable.
 *
 * @example
 * const status = listStatus(store) // {#if $status.status === 'loading'}…{/if}
 */
export function listStatus(store: GroupsStore): Readable<ListStatus> {
  return observableReadable(() => store.status$, () => store.getSnapshot().status);
}
