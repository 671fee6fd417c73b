// turso-groups-store/angular: signals over a GroupsStore for Angular 21 and
// later. The store is provided to an injector, which disposes it; each
// inject function returns a read-only Signal over one of its observables and
// closes its subscription with the caller's DestroyRef. They hold no state of
// their own, read synchronously (the server's render included), and need no
// zone: a signal read by a template schedules its change detection.
export { GROUPS_STORE, injectGroupsStore, provideGroupsStore } from './angular/storeProvider.js';
export type { InjectGroupsStoreOptions } from './angular/storeProvider.js';
export { injectGroup, injectGroupMeta, injectGroups, injectListStatus } from './angular/storeSignals.js';
export type { GroupName, InjectGroupsOptions } from './angular/storeSignals.js';
export { injectLoad } from './angular/injectLoad.js';
export type { InjectLoadOptions } from './angular/injectLoad.js';
