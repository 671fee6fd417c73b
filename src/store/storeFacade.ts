import type { Observable } from 'rxjs';
import type { Group, GroupConfiguration, MintedToken, NewGroup, TokenOptions } from '../api/group.js';
import type { GroupsApi } from '../api/groupsApi.js';
import { assertGroupName, assertLocation, assertOrganization, guarded, readConfigurationUpdate, readNewGroup, readSignal, readTokenOptions } from '../api/validate.js';
import { GroupsError, invalidInput, type GroupsOperation } from '../errors.js';
import type { LiveEnvironment } from '../live/environment.js';
import { RefreshPolicy } from '../live/refreshPolicy.js';
import { PollerLock, type TabStats } from '../live/tabChannel.js';
import { readDehydrated, type DehydratedGroups } from './dehydrated.js';
import type { GroupMeta } from './groupMeta.js';
import type { GroupsSnapshot, GroupsStore, LoadOptions, RetrieveOptions } from './groupsStore.js';
import { StoreState } from './storeState.js';
import { HybridClock } from './hybridClock.js';
import { INSPECT, inspectParts } from './inspection.js';
import type { ListStatus } from './listStatus.js';
import { MutationRunner } from './mutationRunner.js';
import { Notifier } from './notifier.js';
import type { CommandAnswers } from './commands.js';
import type { MutationOperation, PendingMutation, PendingOf } from './pendingMutation.js';
import type { PersistenceSession } from './persistOption.js';
import { PeerSync } from './peerSync.js';
import { Reads } from './reads.js';
import { FEED_OFF, type FeedStatus } from './feedStatus.js';
import { FEED_OFF$, feedReads } from './openFeed.js';
import { CHANGE_FEED, type StoreFeed } from './storeFeed.js';
import { disposedError, type StoreContext } from './storeContext.js';
import type { StoreEvent } from './storeEvent.js';
import type { StoreSettings } from './storeOptions.js';

function offline(operation: GroupsOperation, group: string | undefined): GroupsError {
  return new GroupsError({ code: 'network', operation, group, detail: 'offline, and nothing known can answer' });
}

/**
 * The store's facade: it checks what callers hand it and delegates, in the
 * manner of TanStack's query-core, to one part per concern — the state's
 * transitions ({@link StoreState}), the clock ({@link HybridClock}),
 * notification rounds ({@link Notifier}), reads ({@link Reads}), the mutation
 * runner ({@link MutationRunner}), peer tabs ({@link PeerSync}), and the
 * refresh policy. Each command is one line over the command table.
 */
export class StoreFacade implements GroupsStore {
  readonly #api: GroupsApi;
  readonly #environment: LiveEnvironment;
  readonly #state = new StoreState();
  readonly #clock: HybridClock;
  readonly #notifier: Notifier;
  readonly #reads: Reads;
  readonly #mutations: MutationRunner;
  readonly #peers: PeerSync;
  readonly #refresh: RefreshPolicy;
  readonly #poller: PollerLock;
  readonly #feed: StoreFeed | undefined;
  readonly #persistence: PersistenceSession | undefined;
  #ids = 0;
  #disposed = false;

  readonly groups$: Observable<readonly Group[]>;
  readonly status$: Observable<ListStatus>;
  readonly events$: Observable<StoreEvent>;
  readonly feed$: Observable<FeedStatus>;

  constructor(settings: StoreSettings) {
    this.#api = settings.api;
    this.#environment = settings.environment;
    this.#clock = new HybridClock(settings.now);
    this.#notifier = new Notifier(this.#state, () => this.#observationChanged(), () => this.#persistence?.afterRound());
    let feed: StoreFeed | undefined;
    const context: StoreContext = {
      get feed() {
        return feed;
      },
      api: settings.api,
      state: this.#state,
      clock: this.#clock,
      notifier: this.#notifier,
      environment: settings.environment,
      crossTab: settings.openChannel !== undefined,
      isDisposed: () => this.#disposed,
      nextId: () => ++this.#ids,
      publish: (news) => this.#peers.publish(news),
      joinPeers: () => this.#use(),
      ...(settings.persist && { beforeSend: (mutation: PendingMutation) => this.#persistence?.beforeSend(mutation) ?? true }),
    };
    this.#reads = new Reads(context);
    this.#mutations = new MutationRunner(context, this.#reads, settings.refresh.maxPollBackoff);
    this.#peers = new PeerSync(context, this.#reads, settings.openChannel);
    const { refetchInterval } = settings.refresh;
    this.#refresh = new RefreshPolicy(settings.refresh, settings.environment, {
      // A connected feed keeps the data fresh: focus and reconnect need no list.
      isStale: () => !feed?.connected && this.#reads.isStale(settings.refresh.staleTime),
      refresh: () => this.#reads.list(undefined, true),
      isPoller: () => this.#poller.held,
      interval: () => feed?.pollInterval(refetchInterval) ?? refetchInterval,
    });
    if (settings.changes) {
      const host = {
        isListener: () => this.#poller.held,
        listenerElsewhere: () => this.#poller.heldElsewhere(),
        connectionChanged: () => this.#refresh.intervalChanged(),
      };
      feed = settings.changes[CHANGE_FEED](context, feedReads(this.#reads), host, settings.refresh);
    }
    this.#feed = feed;
    this.feed$ = feed?.feed$ ?? FEED_OFF$;
    // One tab polls and listens for all: the one holding the lock.
    const usesLock = context.crossTab && (refetchInterval !== false || feed !== undefined);
    this.#poller = new PollerLock(usesLock ? settings.environment.locks : undefined, `turso-groups-store:poll:${this.#api.org}`, () => {
      this.#refresh.pollerChanged();
      feed?.reconsider();
    });
    const { state, clock, notifier, environment, nextId } = context;
    this.#persistence = settings.persist?.({ state, clock, notifier, environment, nextId, restore: (mutation) => this.#mutations.restore(mutation) });
    this.groups$ = this.#notifier.groups$;
    this.status$ = this.#notifier.status$;
    this.events$ = this.#notifier.events$;
  }

  // ── reading ────────────────────────────────────────────────────────────

  group$(name: string): Observable<Group | undefined> {
    return this.#notifier.group$(name);
  }

  meta$(name: string): Observable<GroupMeta> {
    return this.#notifier.meta$(name);
  }

  // Arrow properties: React's useSyncExternalStore calls these unbound.
  readonly getSnapshot = (): GroupsSnapshot => this.#notifier.snapshot();

  readonly subscribe = (listener: (snapshot: GroupsSnapshot) => void): (() => void) => {
    if (typeof listener !== 'function') throw invalidInput('request', undefined, 'subscribe expects a listener function');
    if (this.#disposed) {
      // Svelte reads the value from the first call: give it the last state.
      listener(this.getSnapshot());
      return () => undefined;
    }
    const subscription = this.#notifier.snapshots$.subscribe((snapshot) => listener(snapshot));
    return () => subscription.unsubscribe();
  };

  getGroup(name: string): Group | undefined {
    return this.#state.shown(name);
  }

  getMeta(name: string): GroupMeta {
    return this.#state.meta(name);
  }

  observerCount(): number {
    return this.#notifier.dataObservers + this.#notifier.eventObservers;
  }

  getConfirmed(): readonly Group[] {
    return this.#state.confirmedList();
  }

  getFeed(): FeedStatus {
    return this.#feed?.status ?? FEED_OFF;
  }

  getTabStats(): TabStats {
    return this.#peers.stats;
  }

  getPending(): readonly PendingMutation[] {
    return this.#state.pending();
  }

  dehydrate(): DehydratedGroups {
    const { updatedAt } = this.#state.status;
    return { groups: this.#state.confirmedList(), updatedAt: updatedAt ?? null };
  }

  hydrate(state: DehydratedGroups): void {
    const { groups, updatedAt } = readDehydrated(state);
    if (this.#disposed || updatedAt === null) return;
    const status = this.#state.status;
    // What a server render hands over is newer than what an earlier visit stored (`restored`).
    if (status.status !== 'idle' && status.status !== 'loading' && status.status !== 'restored') return;
    // A server's clock ahead of the page's dates the data in the page's future,
    // where it would count as fresh until then: it was loaded by now at the latest.
    const loadedAt = Math.min(updatedAt, this.#clock.now());
    this.#reads.applyHandedOver(groups, Number.isNaN(loadedAt) ? updatedAt : loadedAt);
  }

  // ── reads ──────────────────────────────────────────────────────────────

  load(options?: LoadOptions): Promise<readonly Group[]> {
    let signal: AbortSignal | undefined;
    let maxAge: number | undefined;
    try {
      this.#assertOpen('list', undefined);
      // Without options (a poll, a page's first load) there is nothing to read.
      if (options !== undefined) {
        signal = readSignal('list', undefined, options);
        maxAge = guarded('list', undefined, () => options.maxAge);
        if (maxAge !== undefined && !(typeof maxAge === 'number' && maxAge >= 0)) {
          throw invalidInput('list', undefined, 'maxAge must be a number of ms, 0 or more');
        }
      }
    } catch (error) {
      return Promise.reject(error);
    }
    this.#use();
    const status = this.#state.status;
    const loaded = status.status === 'success' || status.status === 'restored' || (status.status === 'error' && status.updatedAt !== undefined);
    if (maxAge !== undefined && status.status === 'success' && this.#clock.now() - status.updatedAt < maxAge) {
      return Promise.resolve(this.#state.list());
    }
    if (!this.#environment.isOnline()) {
      return loaded ? Promise.resolve(this.#state.list()) : Promise.reject(offline('list', undefined));
    }
    return this.#reads.list(signal, false);
  }

  retrieve(name: string, options?: RetrieveOptions): Promise<Group> {
    let signal: AbortSignal | undefined;
    try {
      this.#assertOpenFor('retrieve', name);
      signal = readSignal('retrieve', name, options);
    } catch (error) {
      return Promise.reject(error);
    }
    this.#use();
    if (!this.#environment.isOnline()) {
      const known = this.#state.confirmedList().find((group) => group.name === name);
      return known ? Promise.resolve(known) : Promise.reject(offline('retrieve', name));
    }
    return this.#reads.retrieve(name, signal, 0, true);
  }

  // ── commands: each one line over the command table (./commands.ts) ─────

  create(input: NewGroup): Promise<Group> {
    return this.#command('create', undefined, () => {
      // A checked copy: what is shown is what is sent, whatever the caller's object does when read again.
      const { name, location, extensions } = readNewGroup(input);
      return extensions === undefined ? { operation: 'create', group: name, location } : { operation: 'create', group: name, location, extensions };
    });
  }

  delete(name: string): Promise<Group> {
    return this.#command('delete', name, () => ({ operation: 'delete', group: name }));
  }

  addLocation(name: string, location: string): Promise<Group> {
    return this.#command('addLocation', name, () => {
      assertLocation('addLocation', name, location);
      return { operation: 'addLocation', group: name, location };
    });
  }

  removeLocation(name: string, location: string): Promise<Group> {
    return this.#command('removeLocation', name, () => {
      assertLocation('removeLocation', name, location);
      return { operation: 'removeLocation', group: name, location };
    });
  }

  mintToken(name: string, input: TokenOptions = {}): Promise<MintedToken> {
    return this.#command('mintToken', name, () => ({ operation: 'mintToken', group: name, options: readTokenOptions(name, input) }));
  }

  invalidateTokens(name: string): Promise<void> {
    return this.#command('invalidateTokens', name, () => ({ operation: 'invalidateTokens', group: name }));
  }

  setDeleteProtection(name: string, enabled: boolean): Promise<GroupConfiguration> {
    return this.#command('updateConfiguration', name, () => {
      const { delete_protection } = readConfigurationUpdate('updateConfiguration', name, { delete_protection: enabled });
      return { operation: 'updateConfiguration', group: name, deleteProtection: delete_protection };
    });
  }

  unarchive(name: string): Promise<Group> {
    return this.#command('unarchive', name, () => ({ operation: 'unarchive', group: name }));
  }

  transfer(name: string, organization: string): Promise<Group> {
    return this.#command('transfer', name, () => {
      assertOrganization('transfer', name, organization);
      return { operation: 'transfer', group: name, organization };
    });
  }

  cancel(id: number): boolean {
    return this.#mutations.cancel(id);
  }

  static {
    // Development builds only: what the devtools read of the store's inside (see ./inspection.ts).
    if (process.env.NODE_ENV !== 'production') {
      Object.defineProperty(StoreFacade.prototype, INSPECT, {
        value(this: StoreFacade) {
          return inspectParts({ environment: this.#environment, clock: this.#clock, state: this.#state, mutations: this.#mutations, refresh: this.#refresh, peers: this.#peers, poller: this.#poller });
        },
      });
    }
  }

  batch<T>(fn: () => T): T {
    return this.#notifier.batch(fn);
  }

  clearPersisted(): Promise<void> {
    return this.#persistence?.clear() ?? Promise.resolve();
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#persistence?.dispose(); // before the held mutations are dropped: they stay stored
    this.#refresh.dispose();
    this.#feed?.dispose();
    this.#poller.release();
    this.#peers.close();
    this.#mutations.dispose();
    this.#reads.abortAll();
    this.#notifier.close();
  }

  // ── the machinery ──────────────────────────────────────────────────────

  /**
   * Issues a command: the store open and the group's name checked (a create
   * names its group in its input, which `info` checks), then what `info`
   * reads of the rest, then the mutation. What a check throws becomes the
   * rejection, so a command never throws. Not an async method: one that
   * returns the mutation's promise would wrap it in two more.
   */
  #command<Op extends MutationOperation>(operation: Op, name: string | undefined, info: () => Omit<PendingOf<Op>, 'id'>): Promise<CommandAnswers[Op]> {
    try {
      if (operation === 'create') this.#assertOpen(operation, undefined);
      else this.#assertOpenFor(operation, name as string);
      return this.#mutations.run<Op>(info());
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * The store is being used (observed, read, sent a command): it joins its
   * peers, and takes over what other tabs held offline. A store made and
   * dropped unused (React StrictMode's second initializer call) does neither.
   */
  #use(): void {
    this.#peers.join();
    this.#persistence?.start();
  }

  /** Polling and focus refreshes run only while someone watches the data. */
  #observationChanged(): void {
    if (this.#disposed) return;
    const observed = this.#notifier.dataObservers > 0;
    if (observed) this.#use();
    if (observed) this.#poller.request();
    else this.#poller.release();
    this.#refresh.setObserved(observed);
    this.#feed?.setObserved(observed);
  }

  #assertOpen(operation: GroupsOperation, group: string | undefined): void {
    if (this.#disposed) throw disposedError(operation, group);
  }

  /** Throws unless the store is open and `name` is a valid group name. */
  #assertOpenFor(operation: GroupsOperation, name: string): void {
    this.#assertOpen(operation, name);
    assertGroupName(operation, name);
  }
}
