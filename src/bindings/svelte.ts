// turso-groups-store/svelte: Svelte readables over a GroupsStore (Svelte 4
// and 5). The GroupsStore is itself a Svelte store (`$store` is its snapshot);
// these give one part of it, so a component re-renders only when that part
// changes. They hold no state and open a subscription per `$` reader.
export { group, groupMeta, groups, listStatus } from './svelte/readables.js';
export type { GroupName } from './svelte/followName.js';
export { ownGroupsStore } from './svelte/ownedStore.js';
export { GROUPS_STORE_KEY, getGroupsStore, setGroupsStore } from './svelte/storeContext.js';
export { loadOnMount } from './svelte/loadOnMount.js';
export type { LoadOnMountOptions } from './svelte/loadOnMount.js';
