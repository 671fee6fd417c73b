import type { Observable } from 'rxjs';
import type { Group } from '../api/group.js';
import type { GroupsError } from '../errors.js';
import type { FeedSpan } from '../live/feedMessage.js';
import type { TransportAnswer } from '../transport/transport.js';
import type { Fold } from './commands.js';
import type { FeedStatus } from './feedStatus.js';
import type { StoreContext } from './storeContext.js';

// The store's side of `changes`: the option's type, and the interface a
// change feed plugs into. The feed's code (its connection, its parser, the
// ordering of what it hears) ships with `changeFeed()` from
// `turso-groups-store/changes`, so an app without a feed never bundles it:
// the core only knows this interface.

/** The key of a change feed's code: the same symbol in every copy of the package. */
export const CHANGE_FEED = Symbol.for('turso-groups-store.changeFeed');

/** What a request is, to the feed: a list read (which a first list may hold back for the hello), a group's read, or a mutation. */
export type FeedCallKind = 'list' | 'group' | 'mutation';

/** One request's place in the feed's numbering, made by {@link StoreFeed.call} and handed back to the feed with its answer. */
export interface FeedCall {
  /** Sends the request; `start` gets the listener that reads each answer's position. */
  send<T>(start: (onAnswer: (answer: TransportAnswer) => void) => Promise<T>): Promise<T>;
}

/** What the feed asks of the store's reads. */
export interface FeedReads {
  /** A background list read sent after `notBefore` (a stamp), folded in. */
  list(notBefore: number): Promise<unknown>;
  /** A read of one group sent after `notBefore`, folded in; resolves on an answer (a 404 is one). */
  retrieve(name: string, notBefore: number): Promise<unknown>;
}

/** What the feed asks of the rest of the store. */
export interface FeedHost {
  /** Whether this tab is the one that listens (always true without cross-tab sync). */
  isListener(): boolean;
  /** Whether another tab holds the listening lock now; `undefined` where that cannot be known. */
  listenerElsewhere(): Promise<boolean | undefined>;
  /** The feed connected or dropped: polling re-plans. */
  connectionChanged(): void;
}

/** What the store's polling is set to, which the feed slows while connected. */
export interface FeedRefresh {
  readonly refetchInterval: number | false;
  readonly maxPollBackoff: number;
}

/** A change feed, as the store drives it (see `turso-groups-store/changes`). */
export interface StoreFeed {
  readonly feed$: Observable<FeedStatus>;
  readonly status: FeedStatus;
  readonly connected: boolean;
  /** The polling interval to use now, for a store set to poll every `interval`. */
  pollInterval(interval: number | false): number | false;
  setObserved(observed: boolean): void;
  /** Starts or stops listening as observation, the listening lock and the network say. */
  reconsider(): void;
  /** A request about to be sent. */
  call(kind: FeedCallKind): FeedCall;
  /** A read (`name`'s, or the list when `undefined`) sent at stamp `sentAt` was answered and is being folded in. */
  read(call: FeedCall | undefined, name: string | undefined, sentAt: number): void;
  /** A mutation's answer about `name`: how to fold it, given what the feed told since it was sent. */
  confirmed(call: FeedCall | undefined, name: string, fold: Fold): Fold;
  /** A mutation's refusal: whether a 404 may be shown as the group's absence. */
  refused(call: FeedCall | undefined, name: string, error: GroupsError): boolean;
  /** A peer's news of one group, folded by `fold` unless the feed knows newer. */
  peerGroup(message: { readonly name: string; readonly group: Group | null; readonly span?: FeedSpan | undefined }, fold: () => void): void;
  /** A peer's list, folded by `fold` with the groups the feed does not know newer. */
  peerList(message: { readonly groups: readonly Group[]; readonly span?: FeedSpan | undefined }, fold: (groups: readonly Group[]) => void): void;
  /** Where a read's value sits in the feed's numbering, for the other tabs. */
  spanOf(call: FeedCall | undefined): FeedSpan | undefined;
  /** Where a mutation's answer sits in the feed's numbering, for the other tabs. */
  exactSpan(call: FeedCall | undefined): FeedSpan | undefined;
  dispose(): void;
}

/**
 * What `createGroupsStore`'s `changes` option takes: `changeFeed({ url })`
 * from `turso-groups-store/changes`, which carries the feed's code.
 */
export interface ChangeFeed {
  /** The feed's URL, resolved. */
  readonly url: string;
  readonly [CHANGE_FEED]: (context: StoreContext, reads: FeedReads, host: FeedHost, refresh: FeedRefresh) => StoreFeed;
}
