import type { LiveEnvironment } from '../live/environment.js';
import type { OfflineQueue } from '../live/offlineQueue.js';
import type { PollingInspection, RefreshPolicy } from '../live/refreshPolicy.js';
import type { PollerLock, TabStats } from '../live/tabChannel.js';
import type { HybridClock } from './hybridClock.js';
import type { MutationRunner } from './mutationRunner.js';
import type { PeerSync } from './peerSync.js';
import type { StoreState } from './storeState.js';

// The devtools' view of the store's inside, in development builds only.
//
// Every use of this module is guarded by `process.env.NODE_ENV !== 'production'`:
// each part whose private state the devtools read registers its reader from
// such a guarded static block, and the store defines its INSPECT method in
// one. A production build replaces `process.env.NODE_ENV` (Vite, webpack,
// Angular's build, esbuild when minifying for the browser), the guarded code
// folds away and this module with it: an app's production bundle of the core
// carries none of the devtools (`test/devtools/entry.test.ts` checks it).

/**
 * The key of the store's inspection method: `store[INSPECT]()` returns a
 * {@link GroupsStoreInspection}. A well-known symbol (`Symbol.for`), the same
 * in every copy of the package, so the devtools read the store without the
 * store ever importing them. Not on the `GroupsStore` type, and only in a
 * development build: it is for the devtools, not for application code.
 */
export const INSPECT = Symbol.for('turso-groups-store.inspect');

/**
 * What a store's public surface does not tell, as plain data read at the
 * call: the devtools panel's view of the store's inside. Holds no token and
 * no group data beyond names.
 */
export interface GroupsStoreInspection {
  /** The store's clock (its `now` option), in ms. */
  readonly now: number;
  readonly online: boolean;
  readonly visible: boolean;
  /** Ids of the pending mutations not sent yet (each may be cancelled with `store.cancel(id)`), in issue order. */
  readonly unsent: readonly number[];
  /** Ids of the mutations held offline (the offline queue), in the order they will go. */
  readonly held: readonly number[];
  /** Ids of the mutations whose answer could not be read, while the store re-reads their group. */
  readonly unconfirmed: readonly number[];
  /** Stamps, in microseconds of the store's clock. */
  readonly stamps: {
    /** The last list applied. */
    readonly list: number;
    /** The latest confirmation learnt: a read sent before it is not shared with new callers. */
    readonly lastConfirmed: number;
    /** The groups learnt apart from a list (a command's answer, a retrieve, a peer), absent ones included. */
    readonly groups: ReadonlyArray<{ readonly name: string; readonly stamp: number; readonly present: boolean }>;
  };
  /** Polling: the interval now, whether observed, a refresh in flight, failures and `Retry-After`, and when the next poll is due. */
  readonly polling: PollingInspection;
  readonly tabs: {
    /** This tab's id on the channel; `undefined` until it joins its peers (or without `crossTab`). */
    readonly id: string | undefined;
    /** The tabs heard from, with when (ms of the store's clock) each was last heard. */
    readonly peers: ReadonlyArray<{ readonly id: string; readonly lastSeen: number }>;
    readonly stats: TabStats;
    /** Whether this tab is the one that polls (with no lock, every tab polls for itself). */
    readonly poller: boolean;
    /** Whether a Web Lock chooses the one tab that polls. */
    readonly locked: boolean;
  };
}

/** The store's parts the inspection reads. */
export interface StoreParts {
  readonly environment: Pick<LiveEnvironment, 'isOnline' | 'isVisible'>;
  readonly clock: Pick<HybridClock, 'now' | 'lastConfirmed'>;
  readonly state: StoreState;
  readonly mutations: MutationRunner;
  readonly refresh: RefreshPolicy;
  readonly peers: PeerSync;
  readonly poller: PollerLock;
}

/** Readers of the parts' private state, each set by its part's class in a development build. */
export const readers: {
  unsent?: (mutations: MutationRunner) => number[];
  queue?: (mutations: MutationRunner) => OfflineQueue;
  held?: (queue: OfflineQueue) => number[];
  unconfirmed?: (state: StoreState) => number[];
  polling?: (refresh: RefreshPolicy) => PollingInspection;
  tabId?: (peers: PeerSync) => string | undefined;
  locked?: (poller: PollerLock) => boolean;
} = {};

/** When each policy's poll timer fires (`Date.now()` ms), noted as it is set. */
export const nextPolls = new WeakMap<RefreshPolicy, number>();

/** When each tab heard from each peer (the store's clock, ms). */
const heardFrom = new WeakMap<PeerSync, Map<string, number>>();

/** Notes that `peers` heard from tab `from` at `at`. */
export function noteHeard(peers: PeerSync, from: string, at: number): void {
  let heard = heardFrom.get(peers);
  if (!heard) heardFrom.set(peers, (heard = new Map()));
  heard.set(from, at);
}

function read<Part, Value>(reader: ((part: Part) => Value) | undefined, part: Part): Value {
  if (!reader) throw new Error('turso-groups-store: a part of the store registered no inspection reader');
  return reader(part);
}

/** The inspection of a store made of `parts`, as plain data. */
export function inspectParts(parts: StoreParts): GroupsStoreInspection {
  const { environment, clock, state, mutations, refresh, peers, poller } = parts;
  const { listStamp, own } = state.exportConfirmed();
  return {
    now: clock.now(),
    online: environment.isOnline(),
    visible: environment.isVisible(),
    unsent: read(readers.unsent, mutations),
    held: read(readers.held, read(readers.queue, mutations)),
    unconfirmed: read(readers.unconfirmed, state),
    stamps: {
      list: listStamp,
      lastConfirmed: clock.lastConfirmed,
      groups: own.map(({ name, stamp, group }) => ({ name, stamp, present: group !== null })),
    },
    polling: read(readers.polling, refresh),
    tabs: {
      id: read(readers.tabId, peers),
      peers: [...(heardFrom.get(peers) ?? [])].map(([id, lastSeen]) => ({ id, lastSeen })),
      stats: { ...peers.stats },
      poller: poller.held,
      locked: read(readers.locked, poller),
    },
  };
}
