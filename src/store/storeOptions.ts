import { createGroupsApi, type GroupsApi } from '../api/groupsApi.js';
import { invalidRequest as invalid, isGroupsError } from '../errors.js';
import type { Transport } from '../transport/transport.js';
import { browserEnvironment, type LiveEnvironment } from '../live/environment.js';
import { MAX_DELAY_MS } from '../input/maxDelay.js';
import type { RefreshOptions } from '../live/refreshPolicy.js';
import type { BroadcastChannelLike } from '../live/tabChannel.js';
import { CHANGE_FEED, type ChangeFeed } from './storeFeed.js';
import { readDehydrated, type DehydratedGroups } from './dehydrated.js';
import { readPersistOption, type PersistenceHost, type PersistenceSession, type PersistOptions } from './persistOption.js';

/** Cross-tab sync: `true` for the browser's `BroadcastChannel`, or a channel of your own. */
export type CrossTabOption = boolean | { readonly channel: BroadcastChannelLike };

export type GroupsStoreOptions = (
  | { readonly org: string; readonly transport: Transport }
  | { readonly api: GroupsApi }
) & {
  /**
   * The clock for `status.updatedAt`, `maxAge` and `staleTime`, in ms.
   * @default Date.now
   */
  readonly now?: (() => number) | undefined;
  /**
   * Groups handed over by a server render (`store.dehydrate()` there): the
   * store starts with them as loaded at their `updatedAt`, without a request.
   * The object, not its JSON text: `JSON.parse` what the page was sent.
   * @default undefined (the store starts empty and idle)
   */
  readonly initialState?: DehydratedGroups | undefined;
  /**
   * Data younger than this many ms is fresh: focus and reconnect refreshes
   * skip it.
   * @default 0 (always stale: every focus or reconnect refreshes)
   */
  readonly staleTime?: number | undefined;
  /**
   * Polls the list every this many ms, only while something observes the
   * store (`groups$`, `group$`, `status$`, `meta$` or `subscribe`), only
   * while the page is visible (see `refetchIntervalInBackground`), online,
   * and never two at once. After failures it backs off (doubling, up to
   * `maxPollBackoff`, and at least what `Retry-After` asked).
   * At most 2147483647 (about 24.8 days, the longest wait a timer keeps).
   * @default false (no polling)
   * @example createGroupsStore({ org, transport, refetchInterval: 10_000 })
   */
  readonly refetchInterval?: number | false | undefined;
  /** Keeps polling while the page is hidden. @default false */
  readonly refetchIntervalInBackground?: boolean | undefined;
  /** Refreshes stale data when the page is shown or focused, while observed. @default true */
  readonly refetchOnFocus?: boolean | undefined;
  /** Refreshes stale data when the network comes back, while observed. @default true */
  readonly refetchOnReconnect?: boolean | undefined;
  /** The longest wait between polls after failures, in ms (at most 2147483647). @default 300000 */
  readonly maxPollBackoff?: number | undefined;
  /**
   * Where visibility, focus, connectivity and Web Locks come from; inject
   * `manualEnvironment()` in tests or a host's own signals elsewhere.
   * @default browserEnvironment() (globals read when used; in Node: visible, online, no signals)
   */
  readonly environment?: LiveEnvironment | undefined;
  /**
   * Keeps the stores of one organization in sync across tabs: a change
   * confirmed in one tab appears in the others without a request, a new tab
   * starts from its peers' state, and with polling only one tab polls (Web
   * Locks) for all. Messages carry server answers only, never a token. The
   * channel is opened when the store is first observed or sent a command,
   * and closed by dispose().
   * @default false
   */
  readonly crossTab?: CrossTabOption | undefined;
  /**
   * Listens to the proxy's change feed (`createGroupsProxy({ changes: true })`)
   * while the store is observed, so that what other people change through
   * the proxy (and what its upstream poll finds changed elsewhere) shows at
   * once, without a request. A pushed change never undoes a pending
   * mutation, nor anything the store learnt later; `feed$` tells whether it
   * is connected. With `crossTab`, one tab listens for all. With polling
   * too, polling slows to a safety net while connected. Made by
   * `changeFeed({ url })` from `turso-groups-store/changes`, which carries
   * the feed's code (see its options).
   * @default undefined (no feed)
   * @example createGroupsStore({ org, transport, refetchInterval: 15_000, changes: changeFeed({ url: '/api/turso/changes' }) })
   */
  readonly changes?: ChangeFeed | undefined;
  /**
   * Keeps the confirmed groups and the mutations held offline in a storage,
   * so the next visit shows the groups at once (status `restored`, until its
   * first load confirms them) and sends what was held, exactly once across
   * tabs. Never a token, a JWT, or a mutation already sent. `storage` comes
   * from `turso-groups-store/persist`; `base` names the API (see
   * {@link PersistOptions}).
   * @default undefined (nothing is persisted)
   * @example createGroupsStore({ org, transport, persist: { storage: localStoragePersister(), base: 'https://api.turso.tech' } })
   */
  readonly persist?: PersistOptions | undefined;
};

/** The options, checked and with their defaults. */
export interface StoreSettings {
  readonly api: GroupsApi;
  readonly now: () => number;
  readonly initialState: { groups: import('../api/group.js').Group[]; updatedAt: number | null } | undefined;
  readonly refresh: RefreshOptions;
  readonly environment: LiveEnvironment;
  /** Opens the cross-tab channel, when asked for; called once, when the store is first used. */
  readonly openChannel: (() => BroadcastChannelLike) | undefined;
  /** The change feed, when asked for. */
  readonly changes: ChangeFeed | undefined;
  /** Starts the store's persistence, when asked for. */
  readonly persist: ((host: PersistenceHost) => PersistenceSession) | undefined;
}

/** The `changes` option: a feed made by `changeFeed()`, or left out. */
function readChangeFeed(value: unknown): ChangeFeed | undefined {
  if (value === undefined || (typeof value === 'object' && value !== null && typeof (value as Partial<ChangeFeed>)[CHANGE_FEED] === 'function')) return value as ChangeFeed | undefined;
  throw invalid("changes must be made by changeFeed({ url }) from 'turso-groups-store/changes'");
}

/** `options[name]` (read once), a finite number of ms from 0 to `max`; `fallback` when left out. */
function duration(options: GroupsStoreOptions, name: 'staleTime' | 'maxPollBackoff', fallback: number, max = Number.MAX_VALUE): number {
  const value: unknown = options[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value >= 0) || !(value <= max)) {
    throw invalid(max === Number.MAX_VALUE ? `${name} must be a number of ms, 0 or more` : `${name} must be a number of ms from 0 to ${max}`);
  }
  return value;
}

/** `options[name]` (read once), true or false; `fallback` when left out. */
function flag(options: GroupsStoreOptions, name: 'refetchIntervalInBackground' | 'refetchOnFocus' | 'refetchOnReconnect', fallback: boolean): boolean {
  const value: unknown = options[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw invalid(`${name} must be true or false`);
  return value;
}

function channelOpener(org: string): () => BroadcastChannelLike {
  const Channel = (globalThis as { BroadcastChannel?: new (name: string) => BroadcastChannelLike }).BroadcastChannel;
  if (typeof Channel !== 'function') throw invalid('crossTab needs BroadcastChannel, which this host lacks: pass { channel }');
  return () => new Channel(`turso-groups-store:${org}`);
}

/** Reads `createGroupsStore`'s options once; anything it cannot use is a validation error. */
export function readStoreOptions(options: GroupsStoreOptions): StoreSettings {
  try {
    if (typeof options !== 'object' || options === null) throw invalid('expected { org, transport } or { api }');
    const api = 'api' in options ? options.api : createGroupsApi({ org: options.org, transport: options.transport });
    if (typeof api !== 'object' || api === null || typeof api.list !== 'function') {
      throw invalid('api must be a GroupsApi (see createGroupsApi)');
    }
    const now = options.now;
    if (now !== undefined && typeof now !== 'function') throw invalid('now must be a function returning ms');
    const interval = options.refetchInterval;
    if (interval !== undefined && interval !== false && !(typeof interval === 'number' && interval > 0 && interval <= MAX_DELAY_MS)) {
      throw invalid(`refetchInterval must be a number of ms above 0 and at most ${MAX_DELAY_MS} (a timer's longest wait), or false`);
    }
    const environment = options.environment ?? browserEnvironment();
    if (typeof environment !== 'object' || environment === null || typeof environment.subscribe !== 'function' || typeof environment.isOnline !== 'function' || typeof environment.isVisible !== 'function') {
      throw invalid('environment must have isVisible, isOnline and subscribe (see manualEnvironment)');
    }
    const crossTab = options.crossTab;
    let openChannel: (() => BroadcastChannelLike) | undefined;
    if (crossTab === true) openChannel = channelOpener(api.org);
    else if (typeof crossTab === 'object' && crossTab !== null) {
      const channel = crossTab.channel;
      if (typeof channel?.postMessage !== 'function') throw invalid('crossTab.channel must be a BroadcastChannel');
      openChannel = () => channel;
    } else if (crossTab !== undefined && crossTab !== false) throw invalid('crossTab must be true, false or { channel }');
    return {
      api,
      now: now ?? (() => Date.now()),
      initialState: options.initialState === undefined ? undefined : readDehydrated(options.initialState, 'initialState'),
      refresh: {
        staleTime: duration(options, 'staleTime', 0),
        refetchInterval: interval ?? false,
        refetchIntervalInBackground: flag(options, 'refetchIntervalInBackground', false),
        refetchOnFocus: flag(options, 'refetchOnFocus', true),
        refetchOnReconnect: flag(options, 'refetchOnReconnect', true),
        maxPollBackoff: duration(options, 'maxPollBackoff', 300_000, MAX_DELAY_MS),
      },
      environment,
      openChannel,
      changes: readChangeFeed(options.changes),
      persist: readPersistOption(options.persist, api.org),
    };
  } catch (error) {
    if (isGroupsError(error)) throw error;
    throw invalid('the options could not be read', error);
  }
}
