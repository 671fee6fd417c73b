import type { Group } from '../../api/group.js';
import type { FeedEvent, FeedPosition, GroupChange } from './feedEvent.js';

// The bus numbers changes and carries them to every proxy instance's
// browsers. In-process by default (createMemoryChangeBus); shared across
// instances with turso-groups-store/proxy/redis. Every method may reject
// (a bus across the network can be down): the proxy then forwards requests
// all the same and tells the browsers to fall back to reading.

/** What the bus tells a subscriber. */
export type BusSignal =
  /** A change was numbered, here or on another instance. */
  | { readonly type: 'event'; readonly epoch: string; readonly event: FeedEvent }
  /** The bus lost events or its connection: positions cannot be trusted past this. */
  | { readonly type: 'down' };

/** A change as the bus numbered it. */
export interface Published {
  readonly epoch: string;
  readonly event: FeedEvent;
}

/** What a browser missed since a position. */
export type Since =
  /** Every event after the position, in order; `position` is the newest. */
  | { readonly kind: 'events'; readonly events: readonly FeedEvent[]; readonly position: FeedPosition }
  /** The position is in another epoch, or older than the history keeps. */
  | { readonly kind: 'gone'; readonly reason: 'epoch' | 'history'; readonly position: FeedPosition };

/** How the bus remembers a group, for the upstream poll to compare with. */
export type KnownGroup =
  | { readonly seq: number; readonly kind: 'group'; readonly json: string }
  | { readonly seq: number; readonly kind: 'removed' | 'stale' };

export interface PublishOptions {
  /**
   * The poll's position when it sent its list: if the group got an event
   * after it, the poll's value may be older than that event, so the change
   * is not published as data: `stale` is published instead (nothing, when
   * the event already says the same). Nothing is published when the bus's
   * epoch is no longer the position's.
   */
  readonly unlessChangedAfter?: FeedPosition | undefined;
  /**
   * A mutation's position when it was forwarded: if its group got an event
   * after it, the two changes were in flight together and their order on the
   * upstream is unknown (answers overtake one another), so `stale` is
   * published instead of the change, whatever it is (also when the bus's
   * epoch is no longer the position's). Listeners then read the group.
   */
  readonly staleIfChangedAfter?: FeedPosition | undefined;
}

/** The last known state of an organization's groups, as the upstream poll compares it. */
export interface PollState {
  readonly known: ReadonlyMap<string, KnownGroup>;
}

export interface ChangeBus {
  /** Numbers `change` and delivers it to every subscriber of `org`; `undefined` when a condition skipped it. */
  publish(org: string, change: GroupChange, options?: PublishOptions): Promise<Published | undefined>;
  /** The newest position of `org`. */
  current(org: string): Promise<FeedPosition>;
  /** What came after `position`, from the bounded history. */
  since(org: string, position: FeedPosition): Promise<Since>;
  /**
   * Hears every event of `org` from the moment it resolves (a bus across
   * the network confirms the subscription first); resolves with the
   * unsubscribe. Rejects when the bus cannot deliver events now.
   */
  subscribe(org: string, listener: (signal: BusSignal) => void): Promise<() => void>;
  /** What the last poll and the events since recorded, or `undefined` before the first poll. */
  pollState(org: string): Promise<PollState | undefined>;
  /** Records the list a poll got (sent at position `sentAt`), except groups with an event after it; nothing in another epoch. */
  recordPoll(org: string, groups: readonly Group[], sentAt: FeedPosition): Promise<void>;
  /** Takes or renews the poll lock of `org` for `holder`, for `ttlMs`; false while another holds it. */
  acquirePollLock(org: string, holder: string, ttlMs: number): Promise<boolean>;
  /** Gives the poll lock up, if `holder` holds it. */
  releasePollLock(org: string, holder: string): Promise<void>;
}
