import { Observable, Subject } from 'rxjs';
import type { Group, MintedToken, NewGroup, TokenOptions } from '../api/group.js';
import type { CallOptions, GroupsApi } from '../api/groupsApi.js';
import { assertGroupName, assertLocation, guarded, readNewGroup, readSignal, readTokenOptions } from '../api/validate.js';
import { GroupsError, invalidInput, isGroupsError, type GroupsOperation } from '../errors.js';
import type { LiveEnvironment } from '../live/environment.js';
import { cancelledError, OfflineQueue } from '../live/offlineQueue.js';
import { RefreshPolicy } from '../live/refreshPolicy.js';
import { PollerLock, stampOf, TabChannel, type BroadcastChannelLike, type TabMessage, type TabStats } from '../live/tabChannel.js';
import { readDehydrated, type DehydratedGroups } from './dehydrated.js';
import type { GroupMeta } from './groupMeta.js';
import { commandFor, type CommandAnswers } from './commands.js';
import type { GroupsSnapshot, GroupsStore, LoadOptions, RetrieveOptions } from './groupsStore.js';
import { GroupsState } from './groupsState.js';
import { KeyedQueue } from './keyedQueue.js';
import { failed, refreshFailed, succeeded, withFetching, type ListStatus } from './listStatus.js';
import type { Mutation, MutationInfo, MutationOperation, PendingMutation, PendingOf } from './pendingMutation.js';
import { SharedRead } from './sharedRead.js';
import type { StoreEvent } from './storeEvent.js';
import type { StoreSettings } from './storeOptions.js';
import { KeyedChannels, ValueChannel } from './valueChannel.js';
import { outcomeUnknown } from './mutationOutcome.js';
import { Reconciler } from './reconciler.js';
import type { TransportRetry } from '../transport/transport.js';

function asGroupsError(error: unknown, operation: GroupsOperation, group: string | undefined): GroupsError {
  if (isGroupsError(error)) return error;
  return new GroupsError({ code: 'network', operation, group, detail: 'request failed', cause: error });
}

function offline(operation: GroupsOperation, group: string | undefined): GroupsError {
  return new GroupsError({ code: 'network', operation, group, detail: 'offline, and nothing known can answer' });
}

/** How long, in ms, a deletion is remembered for peers' messages still on their way. */
const TOMBSTONE_TTL = 60_000;
/** How far, in ms, a peer's stamp may be ahead of this tab's wall clock (they share one): beyond, its message is ignored. */
const PEER_CLOCK_LEAD = 300_000;

/**
 * The store: state transitions live in {@link GroupsState}, the refresh
 * policy, the offline queue and the tab channel in their own modules; this
 * class orchestrates them and owns every emission.
 *
 * Stamps come from a hybrid logical clock: microseconds of `now`, kept
 * strictly increasing, and merged with every stamp a peer tab sends. Within
 * one store that is the order events happen in; across the tabs of one
 * browser, which share a wall clock, it orders what each learnt, so a peer's
 * message replaces only what the receiving tab learnt before it.
 */
export class Store implements GroupsStore {
  readonly #api: GroupsApi;
  readonly #now: () => number;
  readonly #environment: LiveEnvironment;
  readonly #state = new GroupsState();
  #clock = 0;
  #lastConfirmed = 0;
  #commandIds = 0;
  #readsInFlight = 0;
  #loadsInFlight = 0;
  #lastListAnswer = 0;
  #load: SharedRead<Group[]> | undefined;
  /** Whether the list read in flight is a background one (a poll, a focus or reconnect refresh). */
  #loadInBackground = false;
  readonly #retrieves = new Map<string, SharedRead<Group>>();
  readonly #serial = new KeyedQueue();
  /**
   * What dispose() aborts: the reads and the mutation requests in flight, each
   * with its own controller, so a store holds listeners for what is in flight
   * only (one shared lifetime signal would collect one per request ever sent).
   */
  readonly #reads = new Set<SharedRead<unknown>>();
  readonly #requests = new Set<AbortController>();
  /** Mutations that may still be cancelled (not sent yet), by id: how to take each back. */
  readonly #cancellable = new Map<number, (error: GroupsError) => void>();
  readonly #offline: OfflineQueue;
  readonly #refresh: RefreshPolicy;
  readonly #reconciler: Reconciler;
  /** Opened when the store is first used (observed, or sent a command), so a store made and dropped unused never joins its peers. */
  #tabs: TabChannel | undefined;
  readonly #openChannel: (() => BroadcastChannelLike) | undefined;
  readonly #poller: PollerLock;
  readonly #tabId = Math.random().toString(36).slice(2) + Date.now().toString(36);
  readonly #crossTab: boolean;
  #disposed = false;

  #batchDepth = 0;
  #flushing = false;
  readonly #eventQueue: StoreEvent[] = [];
  #snapshot: GroupsSnapshot | undefined;
  readonly #groupsChannel: ValueChannel<readonly Group[]>;
  readonly #statusChannel: ValueChannel<ListStatus>;
  readonly #snapshotChannel: ValueChannel<GroupsSnapshot>;
  readonly #groupChannels: KeyedChannels<Group | undefined>;
  readonly #metaChannels: KeyedChannels<GroupMeta>;
  readonly #events = new Subject<StoreEvent>();
  #eventObservers = 0;

  readonly groups$: Observable<readonly Group[]>;
  readonly status$: Observable<ListStatus>;
  readonly events$: Observable<StoreEvent>;

  constructor(settings: StoreSettings) {
    this.#api = settings.api;
    this.#now = settings.now;
    this.#environment = settings.environment;
    const observed = (): void => this.#observationChanged();
    this.#groupsChannel = new ValueChannel(() => this.#state.list(), observed);
    this.#statusChannel = new ValueChannel(() => this.#state.status, observed);
    this.#snapshotChannel = new ValueChannel(() => this.getSnapshot(), observed);
    this.#groupChannels = new KeyedChannels((name) => this.#state.shown(name), observed);
    this.#metaChannels = new KeyedChannels((name) => this.#state.meta(name), observed);
    this.groups$ = this.#groupsChannel.observable;
    this.status$ = this.#statusChannel.observable;
    this.events$ = new Observable<StoreEvent>((subscriber) => {
      this.#eventObservers += 1;
      const subscription = this.#events.subscribe(subscriber);
      return () => {
        this.#eventObservers -= 1;
        subscription.unsubscribe();
      };
    });
    this.#offline = new OfflineQueue(settings.environment);
    this.#refresh = new RefreshPolicy(settings.refresh, settings.environment, {
      isStale: () => this.#isStale(settings.refresh.staleTime),
      refresh: () => this.#list(undefined, true),
      isPoller: () => this.#poller.held,
    });
    this.#reconciler = new Reconciler(settings.environment, settings.refresh.maxPollBackoff, (name, notBefore) => this.#reread(name, notBefore));
    this.#openChannel = settings.openChannel;
    this.#crossTab = settings.openChannel !== undefined;
    const usesLock = this.#crossTab && settings.refresh.refetchInterval !== false;
    this.#poller = new PollerLock(usesLock ? settings.environment.locks : undefined, `turso-groups-store:poll:${this.#api.org}`, () =>
      this.#refresh.pollerChanged(),
    );
  }

  /** Joins the organization's other tabs, once: asks them what they know. */
  #joinTabs(): void {
    if (this.#tabs || !this.#openChannel || this.#disposed) return;
    const newest = (): number => this.#wallStamp(this.#now() + PEER_CLOCK_LEAD);
    this.#tabs = new TabChannel(this.#openChannel(), this.#api.org, this.#tabId, newest, (message) => this.#receive(message));
    this.#tabs.send({ type: 'hello', from: this.#tabId });
  }

  // ── reading ────────────────────────────────────────────────────────────

  group$(name: string): Observable<Group | undefined> {
    return this.#groupChannels.observable(name);
  }

  meta$(name: string): Observable<GroupMeta> {
    return this.#metaChannels.observable(name);
  }

  // Arrow properties: React's useSyncExternalStore calls these unbound.
  readonly getSnapshot = (): GroupsSnapshot => {
    const state = this.#state;
    this.#snapshot ??= Object.freeze({ groups: state.list(), status: state.status, meta: state.metaMap() });
    return this.#snapshot;
  };

  readonly subscribe = (listener: (snapshot: GroupsSnapshot) => void): (() => void) => {
    if (typeof listener !== 'function') throw invalidInput('request', undefined, 'subscribe expects a listener function');
    if (this.#disposed) {
      // Svelte reads the value from the first call: give it the last state.
      listener(this.getSnapshot());
      return () => undefined;
    }
    const subscription = this.#snapshotChannel.observable.subscribe((snapshot) => listener(snapshot));
    return () => subscription.unsubscribe();
  };

  getGroup(name: string): Group | undefined {
    return this.#state.shown(name);
  }

  getMeta(name: string): GroupMeta {
    return this.#state.meta(name);
  }

  observerCount(): number {
    return this.#dataObservers() + this.#eventObservers;
  }

  getConfirmed(): readonly Group[] {
    return this.#state.confirmedList();
  }

  getTabStats(): TabStats {
    return this.#tabs?.stats ?? { sent: 0, received: 0, ignored: 0 };
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
    if (status.status !== 'idle' && status.status !== 'loading') return;
    // Stamp 0: older than anything this store learnt itself, so a mutation
    // confirmed before, or a list sent since, wins over the handed-over data.
    // A server's clock ahead of the page's dates it in the page's future, where
    // it would count as fresh until then: it was loaded by now at the latest.
    const loadedAt = Math.min(updatedAt, this.#now());
    this.#batch(() => {
      this.#state.applyList(groups, 0);
      this.#state.setStatus(succeeded(Number.isNaN(loadedAt) ? updatedAt : loadedAt, this.#loadsInFlight > 0));
    });
  }

  // ── commands ───────────────────────────────────────────────────────────

  load(options?: LoadOptions): Promise<readonly Group[]> {
    let signal: AbortSignal | undefined;
    let maxAge: number | undefined;
    try {
      this.#assertOpen('list', undefined);
      signal = readSignal('list', undefined, options);
      maxAge = guarded('list', undefined, () => options?.maxAge);
      if (maxAge !== undefined && !(typeof maxAge === 'number' && maxAge >= 0)) {
        throw invalidInput('list', undefined, 'maxAge must be a number of ms, 0 or more');
      }
    } catch (error) {
      return Promise.reject(error);
    }
    this.#joinTabs();
    const status = this.#state.status;
    const loaded = status.status === 'success' || (status.status === 'error' && status.updatedAt !== undefined);
    if (maxAge !== undefined && status.status === 'success' && this.#now() - status.updatedAt < maxAge) {
      return Promise.resolve(this.#state.list());
    }
    if (!this.#environment.isOnline()) {
      return loaded ? Promise.resolve(this.#state.list()) : Promise.reject(offline('list', undefined));
    }
    return this.#list(signal, false);
  }

  retrieve(name: string, options?: RetrieveOptions): Promise<Group> {
    let signal: AbortSignal | undefined;
    try {
      this.#assertOpenFor('retrieve', name);
      signal = readSignal('retrieve', name, options);
    } catch (error) {
      return Promise.reject(error);
    }
    this.#joinTabs();
    if (!this.#environment.isOnline()) {
      const known = this.#state.confirmedList().find((group) => group.name === name);
      return known ? Promise.resolve(known) : Promise.reject(offline('retrieve', name));
    }
    return this.#retrieve(name, signal, 0);
  }

  /**
   * The read of one group: shared while in flight, unless it is going away or
   * was sent before the last confirmation or before `notBefore` (a stamp).
   */
  #retrieve(name: string, signal: AbortSignal | undefined, notBefore: number): Promise<Group> {
    const current = this.#retrieves.get(name);
    if (current && current.live && current.sentAt > Math.max(this.#lastConfirmed, notBefore)) return current.join(signal);
    const read = this.#startRead('retrieve', name, (call) => this.#api.retrieve(name, call));
    this.#retrieves.set(name, read);
    const settle = (group: Group | undefined, error: GroupsError | undefined): void => {
      if (this.#retrieves.get(name) === read) this.#retrieves.delete(name);
      if (this.#disposed) return;
      this.#batch(() => this.#state.applyRetrieve(name, group, error, read.sentAt));
      if (group !== undefined || error?.code === 'not_found') {
        this.#tabs?.send({ type: 'group', from: this.#tabId, stamp: read.sentAt, name, group: group ?? null });
      }
    };
    read.promise.then(
      (group) => settle(group, undefined),
      (error: unknown) => settle(undefined, asGroupsError(error, 'retrieve', name)),
    );
    return read.join(signal);
  }

  // ── commands: each one line over the command table (./commands.ts) ─────

  async create(input: NewGroup): Promise<Group> {
    this.#assertOpen('create', undefined);
    // A checked copy: what is shown is what is sent, whatever the caller's object does when read again.
    const { name, location, extensions } = readNewGroup(input);
    return this.#command<'create'>(extensions === undefined ? { operation: 'create', group: name, location } : { operation: 'create', group: name, location, extensions });
  }

  async delete(name: string): Promise<Group> {
    this.#assertOpenFor('delete', name);
    return this.#command<'delete'>({ operation: 'delete', group: name });
  }

  async addLocation(name: string, location: string): Promise<Group> {
    this.#assertOpenFor('addLocation', name);
    assertLocation('addLocation', name, location);
    return this.#command<'addLocation'>({ operation: 'addLocation', group: name, location });
  }

  async removeLocation(name: string, location: string): Promise<Group> {
    this.#assertOpenFor('removeLocation', name);
    assertLocation('removeLocation', name, location);
    return this.#command<'removeLocation'>({ operation: 'removeLocation', group: name, location });
  }

  async mintToken(name: string, input: TokenOptions = {}): Promise<MintedToken> {
    this.#assertOpenFor('mintToken', name);
    return this.#command<'mintToken'>({ operation: 'mintToken', group: name, options: readTokenOptions(name, input) });
  }

  async invalidateTokens(name: string): Promise<void> {
    this.#assertOpenFor('invalidateTokens', name);
    return this.#command<'invalidateTokens'>({ operation: 'invalidateTokens', group: name });
  }

  cancel(id: number): boolean {
    const takeBack = this.#cancellable.get(id);
    if (!takeBack || this.#disposed) return false;
    const mutation = this.#state.pending().find((m) => m.id === id);
    if (!mutation) return false;
    takeBack(cancelledError(mutation.operation, mutation.group));
    return true;
  }

  batch<T>(fn: () => T): T {
    return this.#batch(fn);
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#refresh.dispose();
    this.#reconciler.dispose();
    this.#poller.release();
    this.#tabs?.close();
    this.#offline.dispose(() => this.#disposedError('request', undefined));
    for (const takeBack of [...this.#cancellable.values()]) takeBack(this.#disposedError('request', undefined));
    for (const read of this.#reads) read.abort();
    for (const request of this.#requests) request.abort();
    this.#groupsChannel.complete();
    this.#statusChannel.complete();
    this.#snapshotChannel.complete();
    this.#groupChannels.complete();
    this.#metaChannels.complete();
    this.#events.complete();
    this.#eventQueue.length = 0;
  }

  // ── reads ──────────────────────────────────────────────────────────────

  /**
   * The list read: shared while in flight, unless it is going away or a
   * mutation was confirmed after it was sent. A background one (poll, focus,
   * reconnect) that fails leaves the data on screen with the error beside it.
   */
  #list(signal: AbortSignal | undefined, background: boolean): Promise<readonly Group[]> {
    if (this.#disposed) return Promise.reject(this.#disposedError('list', undefined));
    const current = this.#load;
    if (current && current.live && current.sentAt > this.#lastConfirmed) {
      if (!background) this.#loadInBackground = false;
      return current.join(signal);
    }
    const read = this.#startRead('list', undefined, (call) => this.#api.list(call));
    this.#load = read;
    this.#loadInBackground = background;
    this.#loadsInFlight += 1;
    this.#batch(() => this.#state.setStatus(withFetching(this.#state.status, true)));
    // A list answer older than the last one applied may still fill in groups
    // (stamps decide), but it does not overwrite a newer status.
    const isLatest = (): boolean => read.sentAt > this.#lastListAnswer;
    read.promise.then(
      (groups) => {
        this.#loadsInFlight -= 1;
        if (this.#load === read) this.#load = undefined;
        if (this.#disposed) return;
        const updatedAt = this.#now();
        this.#batch(() => {
          const state = this.#state;
          state.applyList(groups, read.sentAt);
          const fetching = this.#loadsInFlight > 0;
          state.setStatus(isLatest() ? succeeded(updatedAt, fetching) : withFetching(state.status, fetching));
          this.#lastListAnswer = Math.max(this.#lastListAnswer, read.sentAt);
        });
        this.#tabs?.send({ type: 'list', from: this.#tabId, stamp: read.sentAt, updatedAt, groups });
      },
      (error: unknown) => {
        const inBackground = this.#load === read ? this.#loadInBackground : background;
        this.#loadsInFlight -= 1;
        if (this.#load === read) this.#load = undefined;
        if (this.#disposed) return;
        const aborted = isGroupsError(error) && error.code === 'aborted';
        this.#batch(() => {
          const state = this.#state;
          const fetching = this.#loadsInFlight > 0;
          const fails = !aborted && isLatest();
          const reason = asGroupsError(error, 'list', undefined);
          const next = !fails ? withFetching(state.status, fetching) : inBackground ? refreshFailed(state.status, reason, fetching) : failed(state.status, reason, fetching);
          state.setStatus(next);
          if (fails) this.#lastListAnswer = read.sentAt;
        });
      },
    );
    return read.join(signal);
  }

  #startRead<T>(operation: GroupsOperation, group: string | undefined, send: (call: CallOptions) => Promise<T>): SharedRead<T> {
    const id = ++this.#commandIds;
    this.#emit({ type: 'start', id, operation, group });
    this.#readsInFlight += 1;
    const onRetry = this.#retryReporter(id, operation, group);
    const read = new SharedRead(this.#tick(), operation, group, (signal) => send({ signal, onRetry }));
    this.#reads.add(read);
    read.promise.then(
      () => this.#emit({ type: 'success', id, operation, group }),
      (error: unknown) => this.#emit({ type: 'failure', id, operation, group, error: asGroupsError(error, operation, group) }),
    ).finally(() => {
      this.#reads.delete(read);
      this.#readsInFlight -= 1;
      // With peers, a deletion is remembered a while longer: their messages may still be on their way.
      if (this.#readsInFlight === 0) this.#state.forgetTombstones(this.#crossTab ? this.#wallStamp(this.#now() - TOMBSTONE_TTL) : undefined);
    });
    return read;
  }

  #isStale(staleTime: number): boolean {
    const status = this.#state.status;
    return status.status !== 'success' || status.refreshError !== undefined || this.#now() - status.updatedAt >= staleTime;
  }

  // ── mutations ──────────────────────────────────────────────────────────

  /** Checks a command against what is shown, then runs it as a mutation. */
  #command<Op extends MutationOperation>(info: Omit<PendingOf<Op>, 'id'>): Promise<CommandAnswers[Op]> {
    commandFor<PendingOf<Op>>(info).precheck?.(info, this.#state.shown(info.group));
    return this.#mutate(info as MutationInfo) as Promise<CommandAnswers[Op]>;
  }

  /**
   * Shows a mutation at once, sends it behind the group's earlier ones (held
   * while offline), and folds the answer in as its command entry says. Until
   * it is sent it can be cancelled.
   */
  async #mutate(info: MutationInfo): Promise<unknown> {
    const { operation, group } = info;
    const pending = { ...info, id: ++this.#commandIds } as PendingMutation;
    const command = commandFor(pending);
    const mutation: Mutation = { info: pending, recipe: command.recipe?.(pending) };
    const { id } = pending;
    this.#joinTabs();
    this.#batch(() => this.#state.enqueue(mutation));
    this.#emit({ type: 'start', id, operation, group });

    let takenBack: GroupsError | undefined;
    const cancelled = new Promise<never>((_, reject) => {
      this.#cancellable.set(id, (error) => {
        takenBack = error;
        this.#cancellable.delete(id);
        this.#offline.drop(id, error);
        reject(error);
      });
    });
    cancelled.catch(() => undefined);
    const task = async (): Promise<unknown> => {
      if (takenBack) throw takenBack;
      if (this.#disposed) throw this.#disposedError(operation, group);
      if (!this.#environment.isOnline()) {
        this.#batch(() => this.#state.setPaused(mutation, true));
        await this.#offline.wait(id);
        if (!this.#disposed) this.#batch(() => this.#state.setPaused(mutation, false));
      }
      if (takenBack) throw takenBack;
      this.#cancellable.delete(id); // on the wire from here: too late to take back
      const onRetry = this.#retryReporter(id, operation, group);
      return this.#request(operation, group, (signal) => command.send(this.#api, pending, { signal, onRetry }));
    };

    let answer: unknown;
    try {
      answer = await Promise.race([this.#serial.run(group, task), cancelled]);
    } catch (caught) {
      this.#cancellable.delete(id);
      const error = asGroupsError(caught, operation, group);
      if (mutation.recipe && !this.#disposed && outcomeUnknown(error)) {
        this.#reconcile(mutation, error);
        throw error;
      }
      if (!this.#disposed) this.#batch(() => this.#state.fail(mutation, error, this.#tick()));
      this.#emit({ type: 'failure', id, operation, group, error });
      if (mutation.recipe) this.#emit({ type: 'rollback', id, operation, group });
      throw error;
    }
    if (!this.#disposed) {
      const stamp = this.#tick();
      const fold = command.fold(answer, pending);
      this.#batch(() => {
        this.#lastConfirmed = stamp;
        this.#state.confirm(mutation, stamp, fold);
      });
      // What the answer says of the group is news for the other tabs; an answer that says nothing is not.
      if (fold.kind !== 'unchanged') this.#tabs?.send({ type: 'group', from: this.#tabId, stamp, name: group, group: fold.kind === 'group' ? fold.group : null });
    }
    this.#emit({ type: 'success', id, operation, group });
    return answer;
  }

  /**
   * A mutation the server may or may not have made: its change stays shown,
   * marked unconfirmed, while the group is re-read (a read sent after the
   * failure, so it can only be fresher); then what the server holds is shown.
   */
  #reconcile(mutation: Mutation, error: GroupsError): void {
    const { id, operation, group } = mutation.info;
    // Whatever the server did, it did before now: any read sent after this stamp sees it.
    const failedAt = this.#tick();
    this.#batch(() => this.#state.markUnconfirmed(mutation));
    this.#emit({ type: 'unknown', id, operation, group, error });
    this.#reconciler.settle(group, failedAt, () => {
      let applied = false;
      this.#batch(() => {
        applied = this.#state.settleUnconfirmed(mutation, error);
        // A change the server made counts as confirmed then: no read sent before it may be joined since.
        if (applied) this.#lastConfirmed = Math.max(this.#lastConfirmed, failedAt);
      });
      this.#emit({ type: 'reconciled', id, operation, group, applied });
    });
  }

  /** A read of `name` sent after `notBefore` (a stamp), folded in; resolves on an answer (a 404 is one: the group is absent). */
  async #reread(name: string, notBefore: number): Promise<void> {
    if (this.#disposed) throw this.#disposedError('retrieve', name);
    try {
      await this.#retrieve(name, undefined, notBefore);
    } catch (error) {
      if (!(isGroupsError(error) && error.code === 'not_found')) throw error;
    }
  }

  /** Tells `events$` of each retry the transport makes for command `id`. */
  #retryReporter(id: number, operation: GroupsOperation, group: string | undefined): (retry: TransportRetry) => void {
    return ({ attempt, reason, waitMs }) => this.#emit({ type: 'retry', id, operation, group, attempt, reason, waitMs });
  }

  /** One mutation request, with its own controller for dispose() to abort, held only while it runs. */
  async #request<T>(operation: GroupsOperation, group: string, send: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (this.#disposed) throw this.#disposedError(operation, group);
    const controller = new AbortController();
    this.#requests.add(controller);
    try {
      return await send(controller.signal);
    } finally {
      this.#requests.delete(controller);
    }
  }

  // ── other tabs ─────────────────────────────────────────────────────────

  /** A peer's message, folded exactly as this store folds its own answers (stamps decide). */
  #receive(message: TabMessage): void {
    if (this.#disposed) return;
    this.#clock = Math.max(this.#clock, stampOf(message));
    switch (message.type) {
      case 'hello': {
        const confirmed = this.#state.exportConfirmed();
        const { updatedAt } = this.#state.status;
        this.#tabs?.send({ type: 'state', from: this.#tabId, to: message.from, ...confirmed, updatedAt: updatedAt ?? null });
        return;
      }
      case 'group':
        this.#lastConfirmed = Math.max(this.#lastConfirmed, message.stamp);
        this.#batch(() => this.#state.applyGroup(message.name, message.group ?? undefined, message.stamp));
        return;
      case 'list':
        this.#batch(() => this.#applyPeerList(message.groups, message.stamp, message.updatedAt));
        return;
      case 'state':
        this.#batch(() => {
          this.#applyPeerList(message.groups, message.listStamp, message.updatedAt);
          for (const entry of message.own) this.#state.applyGroup(entry.name, entry.group ?? undefined, entry.stamp);
        });
        return;
    }
  }

  #applyPeerList(groups: readonly Group[], stamp: number, updatedAt: number | null): void {
    const state = this.#state;
    state.applyList(groups, stamp);
    if (updatedAt !== null && stamp > this.#lastListAnswer) {
      this.#lastListAnswer = stamp;
      state.setStatus(succeeded(updatedAt, this.#loadsInFlight > 0));
    }
  }

  // ── the machinery ──────────────────────────────────────────────────────

  /** The next stamp: microseconds of `now`, or one more than the last, whichever is later. */
  #tick(): number {
    this.#clock = Math.max(this.#clock + 1, this.#wallStamp(this.#now()));
    return this.#clock;
  }

  #wallStamp(ms: number): number {
    return Number.isFinite(ms) ? Math.max(0, Math.floor(ms * 1000)) : 0;
  }

  #dataObservers(): number {
    return this.#groupsChannel.size + this.#statusChannel.size + this.#snapshotChannel.size + this.#groupChannels.size + this.#metaChannels.size;
  }

  /** Polling and focus refreshes run only while someone watches the data. */
  #observationChanged(): void {
    if (this.#disposed) return;
    const observed = this.#dataObservers() > 0;
    if (observed) this.#joinTabs();
    if (observed) this.#poller.request();
    else this.#poller.release();
    this.#refresh.setObserved(observed);
  }

  /** Runs `fn`, then tells each observable once of what changed. */
  #batch<T>(fn: () => T): T {
    this.#batchDepth += 1;
    try {
      return fn();
    } finally {
      this.#batchDepth -= 1;
      if (this.#batchDepth === 0) this.#flush();
    }
  }

  /**
   * Tells subscribers of what changed, one round at a time. A subscriber that
   * issues a command while being told changes the state, but its round waits
   * until this one is over (it is never nested in it): every subscriber sees
   * values in order, and the last round leaves each on the current state.
   */
  #flush(): void {
    if (this.#flushing) return; // the running loop below picks the change up
    this.#flushing = true;
    try {
      while (!this.#disposed) {
        const changes = this.#state.commit();
        if (!changes) break;
        this.#snapshot = undefined;
        if (changes.allGroups) this.#groupChannels.emitAll();
        else for (const name of changes.groups) this.#groupChannels.emit(name);
        for (const name of changes.meta) this.#metaChannels.emit(name);
        if (changes.list) this.#groupsChannel.emit();
        if (changes.status) this.#statusChannel.emit();
        this.#snapshotChannel.emit();
      }
    } finally {
      this.#flushing = false;
    }
  }

  /** Tells `events$` subscribers, in order: an event raised while one is being told waits its turn. */
  #emit(event: StoreEvent): void {
    if (this.#disposed) return;
    const queue = this.#eventQueue;
    queue.push(event);
    if (queue.length > 1) return; // an earlier event is being told; the loop below tells this one after
    while (queue.length > 0 && !this.#disposed) {
      this.#events.next(queue[0] as StoreEvent);
      queue.shift();
    }
  }

  #assertOpen(operation: GroupsOperation, group: string | undefined): void {
    if (this.#disposed) throw this.#disposedError(operation, group);
  }

  /** Throws unless the store is open and `name` is a valid group name. */
  #assertOpenFor(operation: GroupsOperation, name: string): void {
    this.#assertOpen(operation, name);
    assertGroupName(operation, name);
  }

  #disposedError(operation: GroupsOperation, group: string | undefined): GroupsError {
    return new GroupsError({ code: 'aborted', operation, group, detail: 'the store is disposed' });
  }
}
