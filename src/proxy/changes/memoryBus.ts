import type { Group } from '../../api/group.js';
import { invalidRequest as invalid } from '../../errors.js';
import { quote } from '../../input/quote.js';
import type { BusSignal, ChangeBus, KnownGroup, PollState, Published, PublishOptions, Since } from './changeBus.js';
import { newEpoch, type FeedEvent, type FeedPosition, type GroupChange } from './feedEvent.js';
import { changeToPublish, knownAfter, recordList } from './knownGroups.js';

export interface MemoryChangeBusOptions {
  /**
   * How many events per organization are kept for browsers that reconnect
   * with `Last-Event-ID`; one that missed more is told to reload the list.
   * @default 1000
   */
  readonly history?: number | undefined;
}

export const DEFAULT_HISTORY = 1000;
/** The most events the history may be asked to keep. */
export const MAX_HISTORY = 1_000_000;

interface OrgFeed {
  seq: number;
  /** The newest `history` events, oldest first. */
  readonly events: FeedEvent[];
  readonly listeners: Set<(signal: BusSignal) => void>;
  readonly known: Map<string, KnownGroup>;
  polled: boolean;
  lock: { holder: string; until: number } | undefined;
}

/** Reads the `history` option of a bus; throws a `validation` GroupsError for an unusable one. */
export function readHistory(history: unknown): number {
  if (history === undefined) return DEFAULT_HISTORY;
  if (typeof history !== 'number' || !Number.isInteger(history) || history < 0 || history > MAX_HISTORY) {
    throw invalid(`invalid history ${quote(history)}: expected a whole number of events from 0 to ${MAX_HISTORY}`);
  }
  return history;
}

/**
 * The in-process change bus: the default of `createGroupsProxy({ changes })`.
 * Its epoch is new with every bus, so a restarted proxy makes every
 * reconnecting browser reload. Share one bus between proxies in one process
 * to serve their browsers alike; for several processes, use the Redis bus.
 *
 * @example
 * const bus = createMemoryChangeBus({ history: 5000 })
 * const proxy = createGroupsProxy({ org, token, authorize, changes: { bus } })
 */
export function createMemoryChangeBus(options: MemoryChangeBusOptions = {}): ChangeBus {
  const history = readHistory(options.history);
  const epoch = newEpoch();
  const orgs = new Map<string, OrgFeed>();

  function feedOf(org: string): OrgFeed {
    let feed = orgs.get(org);
    if (feed === undefined) {
      feed = { seq: 0, events: [], listeners: new Set(), known: new Map(), polled: false, lock: undefined };
      orgs.set(org, feed);
    }
    return feed;
  }

  function publishNow(org: string, change: GroupChange, options: PublishOptions | undefined): Published | undefined {
    const feed = feedOf(org);
    if (options?.unlessChangedAfter !== undefined && options.unlessChangedAfter.epoch !== epoch) return undefined;
    const forwardedAt = options?.staleIfChangedAfter;
    // Forwarded in another numbering: nothing tells what came between.
    const published = forwardedAt !== undefined && forwardedAt.epoch !== epoch ? { kind: 'stale' as const, name: change.name } : changeToPublish(feed.known.get(change.name), change, options);
    if (published === undefined) return undefined;
    feed.seq += 1;
    const event: FeedEvent = { ...published, seq: feed.seq };
    feed.known.set(event.name, knownAfter(published, event.seq));
    if (history > 0) {
      feed.events.push(event);
      if (feed.events.length > history) feed.events.shift();
    }
    const signal: BusSignal = { type: 'event', epoch, event };
    // A copy: a listener may unsubscribe (or subscribe another) while hearing it.
    for (const listener of [...feed.listeners]) listener(signal);
    return { epoch, event };
  }

  function since(org: string, position: FeedPosition): Since {
    const feed = feedOf(org);
    const now: FeedPosition = { epoch, seq: feed.seq };
    if (position.epoch !== epoch) return { kind: 'gone', reason: 'epoch', position: now };
    if (position.seq > feed.seq) return { kind: 'gone', reason: 'epoch', position: now };
    if (position.seq === feed.seq) return { kind: 'events', events: [], position: now };
    const oldest = feed.events[0]?.seq;
    if (oldest === undefined || oldest > position.seq + 1) return { kind: 'gone', reason: 'history', position: now };
    return { kind: 'events', events: feed.events.slice(position.seq + 1 - oldest), position: now };
  }

  return {
    publish: async (org, change, options) => publishNow(org, change, options),
    current: async (org) => ({ epoch, seq: feedOf(org).seq }),
    since: async (org, position) => since(org, position),
    subscribe: async (org, listener) => {
      const feed = feedOf(org);
      // Wrapped, so the same function subscribed twice is two subscriptions.
      const entry = (signal: BusSignal): void => listener(signal);
      feed.listeners.add(entry);
      return () => void feed.listeners.delete(entry);
    },
    pollState: async (org): Promise<PollState | undefined> => {
      const feed = feedOf(org);
      return feed.polled ? { known: new Map(feed.known) } : undefined;
    },
    recordPoll: async (org, groups: readonly Group[], sentAt) => {
      const feed = feedOf(org);
      if (sentAt.epoch !== epoch) return;
      recordList(feed.known, groups, sentAt.seq);
      feed.polled = true;
    },
    acquirePollLock: async (org, holder, ttlMs) => {
      const feed = feedOf(org);
      const now = Date.now();
      if (feed.lock !== undefined && feed.lock.holder !== holder && feed.lock.until > now) return false;
      feed.lock = { holder, until: now + ttlMs };
      return true;
    },
    releasePollLock: async (org, holder) => {
      const feed = feedOf(org);
      if (feed.lock?.holder === holder) feed.lock = undefined;
    },
  };
}
