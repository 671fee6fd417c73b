// turso-groups-store/proxy/node: the proxy as a Node request listener, for
// node:http, Express or Connect. Its own entry, so that
// turso-groups-store/proxy holds no `node:` import and runs on any runtime.
export { toNodeHandler } from './nodeHandler.js';
export type { NodeHandlerOptions, NodeRequestListener } from './nodeHandler.js';
