// turso-groups-store/emulator: the Platform API emulator (groups and locations).
// Web-standard only; its Node HTTP server is turso-groups-store/emulator/node.
export { createPlatformEmulator } from './platformEmulator.js';
export { DEFAULT_LOCATIONS } from './emulatorOptions.js';
export type { PlatformEmulator, RecordedRequest, TokenVerification } from './platformEmulator.js';
export type { PlatformEmulatorOptions } from './emulatorOptions.js';
export type { SeedGroup } from './emulatedGroups.js';
export type { EmulatorOperation, FaultPlan, FaultRule, LatencyPlan } from './faultPlan.js';
export { DroppedConnection } from './faultPlan.js';
export type { TokenClaims } from './jwt.js';
