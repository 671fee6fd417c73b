// turso-groups-store: the public surface. Internals stay unexported.
export { createGroupsApi } from './api/groupsApi.js';
export type { CallOptions, GroupsApi, GroupsApiOptions } from './api/groupsApi.js';
export { EXTENSIONS } from './api/group.js';
export type { Authorization, Extension, Group, GroupConfiguration, GroupConfigurationUpdate, Locations, MintedToken, NewGroup, TokenOptions } from './api/group.js';
export { GroupsError, isGroupsError } from './errors.js';
export type { GroupsErrorCode, GroupsOperation } from './errors.js';
export {
  MAX_GROUP_NAME_LENGTH,
  isValidAuthorization,
  isValidExpiration,
  isValidGroupName,
  isValidLocation,
  isValidOrganization,
  parseExpiration,
} from './api/validate.js';
export { createFetchTransport, DEFAULT_BASE_URL } from './transport/fetchTransport.js';
export type { FetchTransportOptions, TokenSource } from './transport/fetchTransport.js';
export type { HttpMethod, Transport, TransportAnswer, TransportRequest, TransportRetry } from './transport/transport.js';
export { createGroupsStore } from './store/groupsStore.js';
export type { ChangeFeed, ChangeFeedOptions, CrossTabOption, FeedStatus, GroupsSnapshot, GroupsStore, GroupsStoreOptions, LoadOptions, PendingMutation, Persister, PersistOptions, PersistStorage, RetrieveOptions } from './store/groupsStore.js';
export { browserEnvironment, manualEnvironment } from './live/environment.js';
export type { EnvironmentSignal, LiveEnvironment, LockManagerLike, ManualEnvironment } from './live/environment.js';
export type { BroadcastChannelLike, TabStats } from './live/tabChannel.js';
export type { DehydratedGroups } from './store/dehydrated.js';
export { IDLE_META } from './store/groupMeta.js';
export type { GroupMeta } from './store/groupMeta.js';
export type { ListStatus } from './store/listStatus.js';
export type { StoreEvent } from './store/storeEvent.js';
