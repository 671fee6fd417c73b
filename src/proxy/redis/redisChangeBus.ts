import { createClient } from 'redis';
import type { Group } from '../../api/group.js';
import { isGroup, isRecord } from '../../api/responseShape.js';
import { invalidRequest as invalid } from '../../errors.js';
import { quote } from '../../input/quote.js';
import type { BusSignal, ChangeBus, KnownGroup, PollState, Published, Since } from '../changes/changeBus.js';
import { isEpoch, newEpoch, type FeedEvent, type FeedPosition } from '../changes/feedEvent.js';
import { readHistory } from '../changes/memoryBus.js';
import { ACQUIRE_LOCK, CURRENT, POLL_STATE, PUBLISH, RECORD_POLL, RELEASE_LOCK, SINCE } from './redisScripts.js';

/** What the bus needs of a node-redis client: to be duplicated into connections of its own. */
export interface RedisClientTemplate {
  duplicate(overrides?: { readonly disableOfflineQueue?: boolean }): unknown;
}

export interface RedisChangeBusOptions {
  /**
   * A node-redis client (`createClient(…)` from `redis`), connected or not:
   * the bus takes two connections of its own from it (`duplicate()`), one
   * for commands and one for subscriptions, and never closes yours. Give
   * this or `url`.
   * @default undefined (give `url`)
   */
  readonly client?: RedisClientTemplate | undefined;
  /**
   * A Redis URL (`redis://user:password@host:6379/0`), when no `client` is
   * given; the bus makes its own connections, reconnecting every 100 ms to
   * 2 s while Redis is down.
   * @default undefined (give `client`)
   */
  readonly url?: string | undefined;
  /**
   * What every key and channel of the bus begins with, to share one Redis
   * with other users. An organization's keys share a hash tag (`{org}`), so
   * on Redis Cluster they live in one slot, as one script needs.
   * @default 'turso-groups'
   */
  readonly prefix?: string | undefined;
  /**
   * How many events per organization Redis keeps for browsers that
   * reconnect with `Last-Event-ID`; one that missed more is told to reload.
   * @default 1000
   */
  readonly history?: number | undefined;
  /**
   * Told when the connection to Redis is lost and when it is back (once
   * each, not on every attempt). The error never holds the URL.
   * @default logs one line with `console.error`
   */
  readonly onError?: ((error: Error) => void) | undefined;
}

/** The Redis bus: a ChangeBus for several proxy instances. */
export interface RedisChangeBus extends ChangeBus {
  /** Resolves once both connections are up the first time. */
  readonly ready: Promise<void>;
  /** Closes the bus's own connections (not a `client` you gave). */
  close(): Promise<void>;
}

/** What the bus uses of a connection. */
interface Connection {
  connect(): Promise<unknown>;
  sendCommand(args: readonly string[]): Promise<unknown>;
  SUBSCRIBE(channel: string, listener: (message: string) => void): Promise<void>;
  UNSUBSCRIBE(channel: string): Promise<void>;
  on(event: string, listener: (error?: Error) => void): unknown;
  destroy(): void;
  readonly isReady: boolean;
}

const DEFAULT_PREFIX = 'turso-groups';
const PREFIX = /^[\w:.-]{1,64}$/;

function logBusError(error: Error): void {
  console.error(`[turso-groups-store/proxy/redis] ${error.message}`);
}

/** The connections: duplicates of a client template, or of a client made from the URL. */
function connectionsOf(options: RedisChangeBusOptions): { commands: Connection; subscriber: Connection } {
  const { client, url } = options;
  if (client !== undefined && url !== undefined) throw invalid('invalid Redis bus options: give client or url, not both');
  let template: RedisClientTemplate;
  if (client !== undefined) {
    if (typeof client !== 'object' || client === null || typeof client.duplicate !== 'function') throw invalid(`invalid client ${quote(client)}: expected a node-redis client`);
    template = client;
  } else {
    if (typeof url !== 'string' || !/^rediss?:\/\//.test(url)) throw invalid('invalid url: expected redis://… or rediss://…');
    template = createClient({ url, socket: { reconnectStrategy: (retries: number) => Math.min(100 * (retries + 1), 2_000) } });
  }
  // No offline queue: a command sent while Redis is down fails at once, rather than running
  // when it is back (a change published minutes late would undo what came after it).
  return {
    commands: template.duplicate({ disableOfflineQueue: true }) as Connection,
    subscriber: template.duplicate({ disableOfflineQueue: true }) as Connection,
  };
}

function asInteger(value: unknown): number {
  const number = typeof value === 'string' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isSafeInteger(number)) throw new Error('the Redis bus got an answer it cannot read');
  return number;
}

function asEpoch(value: unknown): string {
  if (!isEpoch(value)) throw new Error('the Redis bus got an answer it cannot read');
  return value;
}

/** An event as the scripts write it, checked: anything else is not passed on. */
function readEvent(value: unknown): FeedEvent | undefined {
  if (!isRecord(value)) return undefined;
  const { seq, kind, name, group } = value;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1 || typeof name !== 'string') return undefined;
  if (kind === 'group') return isGroup(group) && group.name === name ? { seq, kind, name, group } : undefined;
  return kind === 'removed' || kind === 'stale' ? { seq, kind, name } : undefined;
}

function parseEvent(json: unknown): FeedEvent {
  const event = typeof json === 'string' ? readEvent(JSON.parse(json)) : undefined;
  if (event === undefined) throw new Error('the Redis bus holds an event it cannot read');
  return event;
}

/** A `known` entry, `seq|kind|json`. */
function readKnown(entry: string): KnownGroup | undefined {
  const first = entry.indexOf('|');
  const second = entry.indexOf('|', first + 1);
  const seq = Number(entry.slice(0, first));
  const kind = entry.slice(first + 1, second);
  if (!Number.isSafeInteger(seq) || second < 0) return undefined;
  if (kind === 'group') return { seq, kind, json: entry.slice(second + 1) };
  return kind === 'removed' || kind === 'stale' ? { seq, kind } : undefined;
}

/**
 * A change bus on Redis, for several proxy instances: an event published
 * on one reaches the browsers of every instance (pub/sub); events are
 * numbered by one script that increments the organization's counter,
 * appends to its capped history and publishes, atomically, so ids are in
 * order across instances; the epoch is kept in Redis (a Redis that lost its
 * data starts a new one, and browsers reload); one instance at a time holds
 * an organization's poll lock (expiring, renewed by its holder, taken over
 * when the holder dies).
 *
 * Redis down: the proxy still forwards every request (its answers then go
 * without `X-Groups-Feed`, and the failure to `onError`), open streams are
 * told to reload (reason `bus`) and closed, new ones are refused (503)
 * until Redis is back; browsers read the list meanwhile, as without a feed.
 *
 * Throws a `validation` GroupsError for options it cannot use.
 *
 * @example
 * import { createRedisChangeBus } from 'turso-groups-store/proxy/redis'
 * const bus = createRedisChangeBus({ url: process.env.REDIS_URL })
 * const proxy = createGroupsProxy({ org, token, authorize, changes: { bus } })
 */
export function createRedisChangeBus(options: RedisChangeBusOptions): RedisChangeBus {
  if (typeof options !== 'object' || options === null) throw invalid(`invalid Redis bus options ${quote(options)}: expected { client } or { url }`);
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  if (typeof prefix !== 'string' || !PREFIX.test(prefix)) throw invalid(`invalid prefix ${quote(prefix)}: expected up to 64 letters, digits, '_', ':', '.' or '-'`);
  const history = readHistory(options.history);
  const onError = options.onError ?? logBusError;
  if (typeof onError !== 'function') throw invalid(`invalid onError ${quote(onError)}: expected a function`);
  const { commands, subscriber } = connectionsOf(options);

  /** Local listeners per organization, and their subscription to its channel. */
  const channels = new Map<string, { readonly listeners: Set<(signal: BusSignal) => void>; readonly subscribed: Promise<void> }>();
  // One handler per organization, for good: node-redis keeps a channel's handlers in a set, so
  // subscribing again after a reconnect (which resubscribes on its own) never doubles one.
  const handlers = new Map<string, (message: string) => void>();
  let up = false;
  let closed = false;

  function tell(message: string): void {
    try {
      onError(new Error(message));
    } catch {
      // A failing onError changes nothing here.
    }
  }

  function keysOf(org: string): string[] {
    const base = `${prefix}:{${org}}`;
    return [`${base}:epoch`, `${base}:seq`, `${base}:history`, `${base}:known`, `${base}:polled`];
  }
  const lockOf = (org: string): string => `${prefix}:{${org}}:poll-lock`;
  const channelOf = (org: string): string => `${prefix}:{${org}}:events`;

  function run(script: string, keys: readonly string[], args: ReadonlyArray<string | number>): Promise<unknown> {
    return commands.sendCommand(['EVAL', script, String(keys.length), ...keys, ...args.map(String)]);
  }

  function down(reason: Error | undefined): void {
    if (!up || closed) return;
    up = false;
    tell(`lost the connection to Redis${reason ? `: ${reason.message}` : ''}; the change feed is off until it is back`);
    // Events may be lost while the subscription is down: every stream is told, and ends.
    for (const channel of channels.values()) for (const listener of [...channel.listeners]) listener({ type: 'down' });
  }

  function hear(org: string, message: string): void {
    let epoch: string;
    let event: FeedEvent | undefined;
    try {
      const parsed: unknown = JSON.parse(message);
      epoch = isRecord(parsed) && isEpoch(parsed['epoch']) ? parsed['epoch'] : '';
      event = isRecord(parsed) ? readEvent(parsed['event']) : undefined;
    } catch {
      return;
    }
    if (epoch === '' || event === undefined) return;
    const signal: BusSignal = { type: 'event', epoch, event };
    for (const listener of [...(channels.get(org)?.listeners ?? [])]) listener(signal);
  }

  for (const connection of [commands, subscriber]) {
    // node-redis emits an error on every failed attempt while it reconnects: reported once, on the way down.
    connection.on('error', (error) => down(error));
    connection.on('end', () => down(undefined));
    connection.on('ready', () => {
      if (up || closed || !commands.isReady || !subscriber.isReady) return;
      up = true;
      tell('connected to Redis; the change feed is on');
    });
  }
  const ready = Promise.all([commands.connect(), subscriber.connect()]).then(() => undefined);
  // Nobody may be waiting on it: a failure here is told through onError by the connections.
  ready.catch(() => undefined);

  return {
    ready,

    async publish(org, change, publishOptions) {
      // A poll's condition, or a mutation's (see PublishOptions): the script applies either atomically with the numbering.
      const forwardedAt = publishOptions?.staleIfChangedAfter;
      const condition = forwardedAt ?? publishOptions?.unlessChangedAfter;
      const json = change.kind === 'group' ? JSON.stringify(change.group) : '';
      const answer = await run(PUBLISH, keysOf(org), [newEpoch(), history, change.name, change.kind, json, condition?.epoch ?? '', condition?.seq ?? 0, channelOf(org), forwardedAt ? 'mutation' : 'poll']);
      const [epoch, seq, kind] = Array.isArray(answer) ? answer : [];
      const numbered = asInteger(seq);
      if (numbered === 0) return undefined;
      const event: FeedEvent = kind === 'stale' ? { kind: 'stale', name: change.name, seq: numbered } : { ...change, seq: numbered };
      const published: Published = { epoch: asEpoch(epoch), event };
      return published;
    },

    async current(org): Promise<FeedPosition> {
      const answer = await run(CURRENT, keysOf(org), [newEpoch()]);
      const [epoch, seq] = Array.isArray(answer) ? answer : [];
      return { epoch: asEpoch(epoch), seq: asInteger(seq) };
    },

    async since(org, position): Promise<Since> {
      const answer = await run(SINCE, keysOf(org), [newEpoch(), position.epoch, position.seq]);
      const [kind, reason, epoch, seq, ...events] = Array.isArray(answer) ? answer : [];
      const now: FeedPosition = { epoch: asEpoch(epoch), seq: asInteger(seq) };
      if (kind === 'gone') return { kind: 'gone', reason: reason === 'history' ? 'history' : 'epoch', position: now };
      return { kind: 'events', events: events.map(parseEvent), position: now };
    },

    async subscribe(org, listener) {
      if (closed) throw new Error('the Redis bus is closed');
      let channel = channels.get(org);
      if (channel === undefined) {
        let handler = handlers.get(org);
        if (handler === undefined) {
          handler = (message: string): void => hear(org, message);
          handlers.set(org, handler);
        }
        const created = { listeners: new Set<(signal: BusSignal) => void>(), subscribed: subscriber.SUBSCRIBE(channelOf(org), handler) };
        created.subscribed.catch(() => {
          if (channels.get(org) === created) channels.delete(org);
        });
        channels.set(org, created);
        channel = created;
      }
      const { listeners } = channel;
      // Listening before the subscription is confirmed: a message that arrives with the confirmation is heard.
      const entry = (signal: BusSignal): void => listener(signal);
      listeners.add(entry);
      const unsubscribe = (): void => {
        if (!listeners.delete(entry) || listeners.size > 0 || channels.get(org)?.listeners !== listeners) return;
        channels.delete(org);
        subscriber.UNSUBSCRIBE(channelOf(org)).catch(() => undefined);
      };
      try {
        await channel.subscribed;
        if (!up) throw new Error('the Redis bus is not connected');
      } catch (error) {
        unsubscribe();
        throw error;
      }
      return unsubscribe;
    },

    async pollState(org): Promise<PollState | undefined> {
      const answer = await run(POLL_STATE, keysOf(org), []);
      if (!Array.isArray(answer) || answer[0] !== 'polled') return undefined;
      const known = new Map<string, KnownGroup>();
      for (let i = 1; i + 1 < answer.length; i += 2) {
        const entry = typeof answer[i + 1] === 'string' ? readKnown(answer[i + 1] as string) : undefined;
        if (entry !== undefined) known.set(String(answer[i]), entry);
      }
      return { known };
    },

    async recordPoll(org, groups: readonly Group[], sentAt) {
      await run(RECORD_POLL, keysOf(org), [sentAt.epoch, sentAt.seq, ...groups.flatMap((group) => [group.name, JSON.stringify(group)])]);
    },

    async acquirePollLock(org, holder, ttlMs) {
      return asInteger(await run(ACQUIRE_LOCK, [lockOf(org)], [holder, ttlMs])) === 1;
    },

    async releasePollLock(org, holder) {
      await run(RELEASE_LOCK, [lockOf(org)], [holder]);
    },

    async close() {
      if (closed) return;
      closed = true;
      channels.clear();
      commands.destroy();
      subscriber.destroy();
    },
  };
}
