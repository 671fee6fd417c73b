// turso-groups-store/proxy: a Web-standard handler for your backend that
// forwards the Groups routes of one organization to the Platform API and adds
// the token, so browsers never hold it. Web-standard only: no `node:` import.
export { createGroupsProxy } from './groupsProxy.js';
export type { GroupsProxyHandler } from './groupsProxy.js';
export { DEFAULT_MAX_ANSWER_BYTES, DEFAULT_MAX_BODY_BYTES, DEFAULT_TIMEOUT_MS, DEFAULT_UPSTREAM } from './proxyOptions.js';
export type { GroupsProxyOptions, ProxyAuthorize, ProxyTokenSource } from './proxyOptions.js';
export type { ProxyOperation } from './proxyRoute.js';
// The change feed: `createGroupsProxy({ changes })`, its in-process bus, and the bus interface another bus implements.
export { createMemoryChangeBus } from './changes/memoryBus.js';
export type { MemoryChangeBusOptions } from './changes/memoryBus.js';
export { DEFAULT_BUS_TIMEOUT_MS, DEFAULT_KEEP_ALIVE_MS, DEFAULT_MAX_BUFFER_BYTES, DEFAULT_MAX_BUFFER_EVENTS, DEFAULT_POLL_INTERVAL_MS } from './changes/changesOptions.js';
export type { ChangesOptions } from './changes/changesOptions.js';
export type { BusSignal, ChangeBus, KnownGroup, PollState, Published, PublishOptions, Since } from './changes/changeBus.js';
export type { FeedEvent, FeedPosition, GroupChange, ReloadReason } from './changes/feedEvent.js';
