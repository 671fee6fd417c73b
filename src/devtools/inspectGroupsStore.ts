import type { GroupsStore } from '../store/groupsStore.js';
import { INSPECT, type StoreInspection } from '../store/inspection.js';
import type { PollingInspection } from '../live/refreshPolicy.js';
import type { TabStats } from '../live/tabChannel.js';

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

function inspectionOf(store: GroupsStore): StoreInspection | undefined {
  const inspect = (store as Partial<Record<typeof INSPECT, () => StoreInspection>>)[INSPECT];
  return typeof inspect === 'function' ? inspect.call(store) : undefined;
}

/**
 * Reads what the store's public surface does not tell (see
 * {@link GroupsStoreInspection}); `undefined` for an object that is not a
 * store of this package (a test double, or a copy too old to be inspected).
 */
export function inspectGroupsStore(store: GroupsStore): GroupsStoreInspection | undefined {
  const parts = inspectionOf(store);
  if (!parts) return undefined;
  const { environment, clock, state, mutations, refresh, peers, poller } = parts;
  const { listStamp, own } = state.exportConfirmed();
  return {
    now: clock.now(),
    online: environment.isOnline(),
    visible: environment.isVisible(),
    unsent: mutations.unsent,
    held: mutations.held,
    unconfirmed: state.unconfirmedIds,
    stamps: {
      list: listStamp,
      lastConfirmed: clock.lastConfirmed,
      groups: own.map(({ name, stamp, group }) => ({ name, stamp, present: group !== null })),
    },
    polling: { ...refresh.inspection },
    tabs: {
      id: peers.id,
      peers: [...peers.peers].map(([id, lastSeen]) => ({ id, lastSeen })),
      stats: { ...peers.stats },
      poller: poller.held,
      locked: poller.locked,
    },
  };
}
