// turso-groups-store/vue: Vue 3.3+ composables over a GroupsStore. They hold
// no state but the ref they return, and close their subscriptions with the
// effect scope they were called in.
export { useGroup, useGroupMeta, useGroups, useListStatus } from './vue/composables.js';
export { GROUPS_STORE_KEY, provideGroupsStore, useGroupsStore } from './vue/storeInjection.js';
export { useScopedGroupsStore } from './vue/scopedStore.js';
export { useLoad } from './vue/useLoad.js';
export type { UseLoadOptions } from './vue/useLoad.js';
export type { ReadonlyShallowRef } from './vue/storeRef.js';
