// turso-groups-store/changes: the store's side of the proxy's change feed
// (`createGroupsProxy({ changes: true })`), for the `changes` option of
// createGroupsStore. Kept out of the core entry: an app that does not
// listen to a feed never bundles its connection, parser and ordering.
export { changeFeed } from './changeFeed.js';
export type { ChangeFeedOptions } from '../store/changeFeedOptions.js';
export type { ChangeFeed } from '../store/storeFeed.js';
