// turso-groups-store/devtools: a panel over the store, for development. The
// core never imports it: an app that does not import it ships none of it.
export { mountGroupsDevtools } from './mountGroupsDevtools.js';
export type { GroupsDevtoolsOptions } from './mountGroupsDevtools.js';
export { defineGroupsDevtools, DEVTOOLS_TAG } from './groupsDevtoolsElement.js';
export type { GroupsDevtoolsElement } from './groupsDevtoolsElement.js';
export { connectReduxDevtools } from './reduxDevtools.js';
export type { ReduxDevtoolsConnection, ReduxDevtoolsExtension, ReduxDevtoolsOptions } from './reduxDevtools.js';
export { inspectGroupsStore } from './inspectGroupsStore.js';
export type { GroupsStoreInspection } from './inspectGroupsStore.js';
export type { PollingInspection } from '../live/refreshPolicy.js';
