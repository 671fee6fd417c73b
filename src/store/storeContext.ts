import type { Group } from '../api/group.js';
import type { GroupsApi } from '../api/groupsApi.js';
import { GroupsError, isGroupsError, type GroupsOperation } from '../errors.js';
import type { LiveEnvironment } from '../live/environment.js';
import type { StoreState } from './storeState.js';
import type { HybridClock } from './hybridClock.js';
import type { Notifier } from './notifier.js';
import type { StoreFeed } from './storeFeed.js';
import type { FeedSpan } from '../live/feedMessage.js';
import type { PendingMutation } from './pendingMutation.js';

/** What this tab learnt that its peers may not know yet: a group (or its absence), or a list. */
export type PeerNews =
  | { readonly type: 'group'; readonly stamp: number; readonly name: string; readonly group: Group | null; readonly span?: FeedSpan | undefined }
  | { readonly type: 'list'; readonly stamp: number; readonly updatedAt: number; readonly groups: readonly Group[]; readonly span?: FeedSpan | undefined };

/**
 * What the store's parts share: the state, the clock, the notifier and the
 * outside world. The facade makes one and hands it to each part, so no part
 * reaches into another's fields.
 */
export interface StoreContext {
  readonly api: GroupsApi;
  readonly state: StoreState;
  readonly clock: HybridClock;
  readonly notifier: Notifier;
  readonly environment: LiveEnvironment;
  /** Whether peers (other tabs) may still send messages about what this store learns. */
  readonly crossTab: boolean;
  isDisposed(): boolean;
  /** The next command id: every command's events carry their own. */
  nextId(): number;
  /** Tells the other tabs; nothing without cross-tab sync. */
  publish(news: PeerNews): void;
  /** Joins the other tabs, if not yet: the store is being used. */
  joinPeers(): void;
  /** The change feed's bookkeeping of each request's position; `undefined` without the `changes` option. */
  readonly feed: StoreFeed | undefined;
  /** With `persist`: takes a held mutation out of storage before it is sent; false (or a promise of it) when it must not be sent. */
  beforeSend?(mutation: PendingMutation): boolean | Promise<boolean>;
}

/** Any failure as a GroupsError: one that is not one already is a `network` error of `operation`. */
export function asGroupsError(error: unknown, operation: GroupsOperation, group: string | undefined): GroupsError {
  if (isGroupsError(error)) return error;
  return new GroupsError({ code: 'network', operation, group, detail: 'request failed', cause: error });
}

/** What a call to a disposed store rejects with. */
export function disposedError(operation: GroupsOperation, group: string | undefined): GroupsError {
  return new GroupsError({ code: 'aborted', operation, group, detail: 'the store is disposed' });
}
