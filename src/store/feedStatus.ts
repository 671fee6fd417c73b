import type { GroupsError } from '../errors.js';

/**
 * Whether the store hears of changes as they happen (`store.feed$`). Every
 * field is fixed per variant:
 * - `off`: the store has no `changes` option;
 * - `idle`: not listening now: nothing observes the store, or the network
 *   is down;
 * - `follower`: another tab of this browser listens, and what it hears
 *   reaches this one through the tab channel (`crossTab`);
 * - `connecting`: the first connection is being made;
 * - `connected`: listening since `since` (the store's `now`, in ms);
 * - `reconnecting`: the connection dropped or could not be made, because of
 *   `error`; it is tried again after a wait, and polling is back to
 *   `refetchInterval` meanwhile.
 */
export type FeedStatus =
  | { readonly status: 'off' }
  | { readonly status: 'idle' }
  | { readonly status: 'follower' }
  | { readonly status: 'connecting' }
  | { readonly status: 'connected'; readonly since: number }
  | { readonly status: 'reconnecting'; readonly error: GroupsError };

export const FEED_OFF: FeedStatus = Object.freeze({ status: 'off' });
export const FEED_IDLE: FeedStatus = Object.freeze({ status: 'idle' });
export const FEED_FOLLOWER: FeedStatus = Object.freeze({ status: 'follower' });
export const FEED_CONNECTING: FeedStatus = Object.freeze({ status: 'connecting' });
