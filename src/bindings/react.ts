// turso-groups-store/react: hooks for React 18 and 19 over a GroupsStore,
// built on useSyncExternalStore (with a server snapshot, for renderToString).
// They hold no state of their own: each subscribes to the one value it
// returns, so a row re-renders only when its own group or meta changes.
export { useGroup, useGroupMeta, useGroups, useGroupsSnapshot, useListStatus } from './react/storeHooks.js';
export { useOwnedGroupsStore } from './react/useOwnedGroupsStore.js';
export { GroupsStoreProvider, useGroupsStore } from './react/groupsStoreContext.js';
export type { GroupsStoreProviderProps } from './react/groupsStoreContext.js';
export { useLoad } from './react/useLoad.js';
export type { UseLoadOptions } from './react/useLoad.js';
