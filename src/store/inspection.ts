import type { LiveEnvironment } from '../live/environment.js';
import type { RefreshPolicy } from '../live/refreshPolicy.js';
import type { PollerLock } from '../live/tabChannel.js';
import type { HybridClock } from './hybridClock.js';
import type { MutationRunner } from './mutationRunner.js';
import type { PeerSync } from './peerSync.js';
import type { StoreState } from './storeState.js';

/**
 * The key of the store's inspection method: `store[INSPECT]()` returns a
 * {@link StoreInspection}. A well-known symbol (`Symbol.for`), the same in
 * every copy of the package, so the devtools read the store without the
 * store ever importing them. It is not on the `GroupsStore` type and may
 * change in any release: it is for the devtools, not for application code.
 */
export const INSPECT = Symbol.for('turso-groups-store.inspect');

/**
 * The store's parts, narrowed to what reads them: which pending mutations are
 * not sent yet, held offline or unconfirmed, the stamps, polling and the tab
 * channel — what the public surface does not tell. Nothing here changes the
 * store; the devtools turn it into plain data when they read it.
 */
export interface StoreInspection {
  readonly environment: Pick<LiveEnvironment, 'isOnline' | 'isVisible'>;
  readonly clock: Pick<HybridClock, 'now' | 'lastConfirmed'>;
  readonly state: Pick<StoreState, 'exportConfirmed' | 'unconfirmedIds'>;
  readonly mutations: Pick<MutationRunner, 'unsent' | 'held'>;
  readonly refresh: Pick<RefreshPolicy, 'inspection'>;
  readonly peers: Pick<PeerSync, 'id' | 'peers' | 'stats'>;
  readonly poller: Pick<PollerLock, 'held' | 'locked'>;
}
