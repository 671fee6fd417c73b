import { GroupsError, invalidRequest as invalid } from '../../errors.js';
import { isPlainObject } from '../../input/plainObject.js';
import { quote } from '../../input/quote.js';
import { MAX_DELAY_MS } from '../../input/maxDelay.js';
import type { ChangeBus } from './changeBus.js';
import { createMemoryChangeBus, readHistory } from './memoryBus.js';

/** The change feed's options: `createGroupsProxy({ changes: { … } })`. */
export interface ChangesOptions {
  /**
   * Milliseconds between two reads of the upstream's list, which find the
   * changes made elsewhere (the CLI, another tool, Turso archiving an idle
   * group). One poll per organization, and only while at least one browser
   * listens; with several instances on one bus, only the one holding the
   * organization's poll lock polls. 0 turns it off (only the changes made
   * through the proxy are published).
   * @default 15000
   */
  readonly pollInterval?: number | undefined;
  /**
   * What numbers the events and carries them to every instance's browsers.
   * @default createMemoryChangeBus({ history }): in-process, for one instance
   * @example bus: createRedisChangeBus({ url: process.env.REDIS_URL }) // turso-groups-store/proxy/redis
   */
  readonly bus?: ChangeBus | undefined;
  /**
   * Events kept per organization for browsers that reconnect with
   * `Last-Event-ID` (of the default bus; a bus given in `bus` has its own).
   * @default 1000
   */
  readonly history?: number | undefined;
  /**
   * The most bytes a browser's stream may have unsent; past it the browser
   * is sent `reload` (reason `overflow`) and the stream ends.
   * @default 262144 (256 KiB)
   */
  readonly maxBufferBytes?: number | undefined;
  /**
   * The most frames a browser's stream may have unsent; past it, as past `maxBufferBytes`.
   * @default 500
   */
  readonly maxBufferEvents?: number | undefined;
  /**
   * Milliseconds between two `: ping` comments on each stream, which keep
   * proxies and load balancers from closing a quiet connection.
   * @default 15000
   */
  readonly keepAlive?: number | undefined;
  /**
   * Milliseconds a call to the bus may take before the proxy goes on
   * without it: the answer is relayed without `X-Groups-Feed`, a new stream
   * is refused (503) and the failure goes to `onError`.
   * @default 2000
   */
  readonly busTimeout?: number | undefined;
}

export const DEFAULT_POLL_INTERVAL_MS = 15_000;
export const DEFAULT_MAX_BUFFER_BYTES = 262_144;
export const DEFAULT_MAX_BUFFER_EVENTS = 500;
export const DEFAULT_KEEP_ALIVE_MS = 15_000;
export const DEFAULT_BUS_TIMEOUT_MS = 2_000;

/** The feed's options, checked, with the defaults filled in. */
export interface ChangesSettings {
  readonly pollInterval: number;
  readonly bus: ChangeBus;
  readonly maxBufferBytes: number;
  readonly maxBufferEvents: number;
  readonly keepAlive: number;
  readonly busTimeout: number;
}

function whole(name: string, value: unknown, fallback: number, min: number, max: number, unit: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(`invalid changes.${name} ${quote(value)}: expected ${unit} from ${min} to ${max}`);
  }
  return value;
}

const BUS_METHODS = ['publish', 'current', 'since', 'subscribe', 'pollState', 'recordPoll', 'acquirePollLock', 'releasePollLock'] as const;

function readBus(bus: unknown, history: unknown): ChangeBus {
  if (bus === undefined) return createMemoryChangeBus({ history: readHistory(history) });
  if (typeof bus !== 'object' || bus === null || BUS_METHODS.some((method) => typeof (bus as Record<string, unknown>)[method] !== 'function')) {
    throw invalid(`invalid changes.bus ${quote(bus)}: expected a ChangeBus (${BUS_METHODS.join(', ')})`);
  }
  return bus as ChangeBus;
}

/** The `changes` option: `undefined` (off) for `undefined` or `false`; throws a `validation` GroupsError for an unusable one. */
export function readChangesOptions(value: unknown): ChangesSettings | undefined {
  if (value === undefined || value === false) return undefined;
  let fields: Record<string, unknown>;
  try {
    if (value === true) fields = {};
    else if (!isPlainObject(value)) throw invalid(`invalid changes ${quote(value)}: expected true or { pollInterval, bus, … }`);
    else {
      const { pollInterval, bus, history, maxBufferBytes, maxBufferEvents, keepAlive, busTimeout } = value;
      fields = { pollInterval, bus, history, maxBufferBytes, maxBufferEvents, keepAlive, busTimeout };
    }
  } catch (error) {
    throw error instanceof GroupsError ? error : invalid('the changes options could not be read', error);
  }
  return {
    pollInterval: whole('pollInterval', fields['pollInterval'], DEFAULT_POLL_INTERVAL_MS, 0, MAX_DELAY_MS, 'milliseconds'),
    maxBufferBytes: whole('maxBufferBytes', fields['maxBufferBytes'], DEFAULT_MAX_BUFFER_BYTES, 1, Number.MAX_SAFE_INTEGER, 'bytes'),
    maxBufferEvents: whole('maxBufferEvents', fields['maxBufferEvents'], DEFAULT_MAX_BUFFER_EVENTS, 1, Number.MAX_SAFE_INTEGER, 'frames'),
    keepAlive: whole('keepAlive', fields['keepAlive'], DEFAULT_KEEP_ALIVE_MS, 1, MAX_DELAY_MS, 'milliseconds'),
    busTimeout: whole('busTimeout', fields['busTimeout'], DEFAULT_BUS_TIMEOUT_MS, 1, MAX_DELAY_MS, 'milliseconds'),
    bus: readBus(fields['bus'], fields['history']),
  };
}
