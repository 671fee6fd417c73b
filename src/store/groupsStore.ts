import type { Observable } from 'rxjs';
import type { Group, GroupConfiguration, MintedToken, NewGroup, TokenOptions } from '../api/group.js';
import type { TabStats } from '../live/tabChannel.js';
import type { DehydratedGroups } from './dehydrated.js';
import type { GroupMeta } from './groupMeta.js';
import type { ListStatus } from './listStatus.js';
import type { PendingMutation } from './pendingMutation.js';
import { StoreFacade } from './storeFacade.js';
import type { StoreEvent } from './storeEvent.js';
import type { FeedStatus } from './feedStatus.js';
import { readStoreOptions, type GroupsStoreOptions } from './storeOptions.js';

export type { CrossTabOption, GroupsStoreOptions } from './storeOptions.js';
export type { ChangeFeed } from './storeFeed.js';
export type { ChangeFeedOptions } from './changeFeedOptions.js';
export type { FeedStatus } from './feedStatus.js';
export type { Persister, PersistOptions, PersistStorage } from './persistOption.js';

export type { PendingMutation } from './pendingMutation.js';

/** Everything a view needs, as one immutable value (for `useSyncExternalStore` and Svelte's `$store`). */
export interface GroupsSnapshot {
  /** The groups shown: confirmed, with every pending mutation applied. */
  readonly groups: readonly Group[];
  /** The same object until the status changes. */
  readonly status: ListStatus;
  /**
   * Meta of the groups that have any (pending, error or optimistic); the
   * others are idle (`IDLE_META`, or `getMeta(name)`). The same map until
   * some group's meta changes.
   */
  readonly meta: ReadonlyMap<string, GroupMeta>;
}

export interface LoadOptions {
  /** Gives up waiting; the shared request is aborted once every caller has given up. */
  readonly signal?: AbortSignal | undefined;
  /**
   * Answers from the store, without a request, when the list was loaded less
   * than this many ms ago (by the store's `now`): a hydrated page's first
   * `load({ maxAge })` sends nothing.
   * @default undefined (always asks the server)
   */
  readonly maxAge?: number | undefined;
}

export interface RetrieveOptions {
  /** Gives up waiting; the shared request is aborted once every caller has given up. */
  readonly signal?: AbortSignal | undefined;
}

export interface GroupsStore {
  /** The groups shown, in the server's order, new ones last. */
  readonly groups$: Observable<readonly Group[]>;
  /** One group as shown, `undefined` when there is none. */
  group$(name: string): Observable<Group | undefined>;
  readonly status$: Observable<ListStatus>;
  meta$(name: string): Observable<GroupMeta>;
  /** Every command's start, success, failure and rollback, in order. Not replayed. */
  readonly events$: Observable<StoreEvent>;
  /**
   * Whether the store hears of changes as they happen (the `changes`
   * option): `off`, `idle`, `follower`, `connecting`, `connected` or
   * `reconnecting` (see {@link FeedStatus}), the same object until it
   * changes. Watching it alone does not start listening: observing the data does.
   */
  readonly feed$: Observable<FeedStatus>;
  /** `feed$`'s current value. */
  getFeed(): FeedStatus;
  /** The same object until something changes. Bound: can be passed around as is. */
  readonly getSnapshot: () => GroupsSnapshot;
  /**
   * Calls `listener` at once with the snapshot, then after every change with
   * the new one; returns the unsubscribe function. This is both React's
   * `useSyncExternalStore` contract and Svelte's store contract, so `$store`
   * works. Bound, like `getSnapshot`.
   */
  readonly subscribe: (listener: (snapshot: GroupsSnapshot) => void) => () => void;
  /** One group as shown now, `undefined` when there is none: `group$`'s current value. */
  getGroup(name: string): Group | undefined;
  /** One group's meta now (`IDLE_META` when nothing is going on): `meta$`'s current value. */
  getMeta(name: string): GroupMeta;
  /**
   * How many subscriptions are open, over every observable and `subscribe`:
   * what a binding's test counts to prove it unsubscribes on unmount.
   */
  observerCount(): number;
  /** What the server is known to hold, without pending mutations. */
  getConfirmed(): readonly Group[];
  /** Cross-tab messages sent, taken in, and ignored as malformed or foreign (all 0 without `crossTab`). */
  getTabStats(): TabStats;
  /** The mutations not yet answered, in the order they were issued. */
  getPending(): readonly PendingMutation[];
  /**
   * The confirmed groups and when the list was loaded, as plain JSON: what a
   * server render hands to the page (`initialState` or `hydrate`). Holds no
   * token and no pending change.
   */
  dehydrate(): DehydratedGroups;
  /**
   * Takes groups handed over by a server render, unless this store has loaded
   * a list already: it never replaces what the store learnt itself, and a
   * list in flight, sent later, replaces it when it lands.
   */
  hydrate(state: DehydratedGroups): void;

  /**
   * Lists the groups; concurrent calls share one request. Offline, it answers
   * from the store when it has loaded before, and fails with `network` when not.
   */
  load(options?: LoadOptions): Promise<readonly Group[]>;
  /**
   * Reads one group; concurrent calls for the same group share one request.
   * Offline, it answers from what the server was known to hold, or fails with `network`.
   */
  retrieve(name: string, options?: RetrieveOptions): Promise<Group>;
  create(group: NewGroup): Promise<Group>;
  delete(name: string): Promise<Group>;
  addLocation(name: string, location: string): Promise<Group>;
  removeLocation(name: string, location: string): Promise<Group>;
  /** Resolves with the JWT, which the store never keeps, emits or logs. */
  mintToken(name: string, options?: TokenOptions): Promise<MintedToken>;
  invalidateTokens(name: string): Promise<void>;
  /**
   * Turns the group's delete protection on or off (`PATCH …/configuration`,
   * operation `updateConfiguration`): shown at once, then confirmed or rolled
   * back. Resolves with the configuration the server answered. While a group
   * is shown protected, `delete` is refused before the wire.
   */
  setDeleteProtection(name: string, enabled: boolean): Promise<GroupConfiguration>;
  /** Wakes a group Turso archived for inactivity: shown awake at once (`archived: false`), then confirmed. */
  unarchive(name: string): Promise<Group>;
  /**
   * Moves the group to another organization the token belongs to: it leaves
   * this organization's list at once, and comes back with its error if the
   * server refuses. Resolves with the group as the other organization holds it.
   */
  transfer(name: string, organization: string): Promise<Group>;
  /**
   * Takes back a mutation not yet sent (held offline, or waiting behind the
   * group's earlier ones): its change is rolled back and its promise rejects
   * with code `aborted`. False when it was sent already or is unknown.
   */
  cancel(id: number): boolean;
  /** Runs `fn` and tells subscribers once, at the end, of all it changed. */
  batch<T>(fn: () => T): T;
  /**
   * With `persist`: removes what is stored for this organization and API
   * (every tab's held mutations included) and stops persisting in this store
   * (on sign-out, before `dispose()`). Without it, resolves at once.
   */
  clearPersisted(): Promise<void>;
  /**
   * Aborts requests in flight, drops mutations held offline (with `persist`,
   * they stay stored, for a later visit to send), stops polling and cross-tab
   * sync, completes every observable; later commands reject.
   */
  dispose(): void;
}

/**
 * A reactive store of the organization's groups. Commands show their effect
 * at once and reconcile with the server's answer; a failure rolls back only
 * its own change; reads never undo a confirmed mutation.
 *
 * Throws a `validation` GroupsError for options it cannot use.
 *
 * @example
 * const store = createGroupsStore({ org: 'acme', transport: createFetchTransport({ token }) })
 * store.groups$.subscribe(render)
 * await store.load()
 */
export function createGroupsStore(options: GroupsStoreOptions): GroupsStore {
  const settings = readStoreOptions(options);
  const store = new StoreFacade(settings);
  if (settings.initialState) store.hydrate(settings.initialState);
  return store;
}
