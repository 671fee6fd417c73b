// turso-groups-store/proxy: a Web-standard handler for your backend that
// forwards the Groups routes of one organization to the Platform API and adds
// the token, so browsers never hold it. Web-standard only: no `node:` import.
export { createGroupsProxy } from './groupsProxy.js';
export type { GroupsProxyHandler } from './groupsProxy.js';
export { DEFAULT_MAX_ANSWER_BYTES, DEFAULT_MAX_BODY_BYTES, DEFAULT_TIMEOUT_MS, DEFAULT_UPSTREAM } from './proxyOptions.js';
export type { GroupsProxyOptions, ProxyAuthorize, ProxyTokenSource } from './proxyOptions.js';
export type { ProxyOperation } from './proxyRoute.js';
