// turso-groups-store/emulator/node: the emulator's Node HTTP server. Its own
// entry, so that turso-groups-store/emulator holds no `node:` import and
// bundles for any browser.
export { listen } from './nodeServer.js';
export type { EmulatorHandler, EmulatorServer, ListenOptions } from './nodeServer.js';
