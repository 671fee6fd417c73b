// turso-groups-store/proxy/redis: the change feed's bus on Redis, for a
// proxy that runs as several instances. Its own entry: `redis` (an optional
// peer dependency) is imported here only, never by turso-groups-store/proxy.
export { createRedisChangeBus } from './redisChangeBus.js';
export type { RedisChangeBus, RedisChangeBusOptions, RedisClientTemplate } from './redisChangeBus.js';
