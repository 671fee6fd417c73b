import { Observable, Subject } from 'rxjs';
import type { Group, MintedToken, NewGroup, TokenOptions } from '../api/group.js';
import { GroupsError, isGroupsError, type GroupsOperation } from '../errors.js';
import { createGroupsApi, type GroupsApi } from '../api/groupsApi.js';
import { assertCallOptions, assertGroupName, assertLocation, readNewGroup, readTokenOptions } from '../api/validate.js';
import type { Transport } from '../transport/transport.js';
import { readDehydrated, type DehydratedGroups } from './dehydrated.js';
import type { GroupMeta } from './groupMeta.js';
import { recipeFor } from './groupRecipes.js';
import { GroupsState } from './groupsState.js';
import { KeyedQueue } from './keyedQueue.js';
import { failed, succeeded, withFetching, type ListStatus } from './listStatus.js';
import type { Mutation, MutationInfo, PendingMutation } from './pendingMutation.js';
import { SharedRead } from './sharedRead.js';
import type { StoreEvent } from './storeEvent.js';
import { KeyedChannels, ValueChannel } from './valueChannel.js';

export type GroupsStoreOptions = (
  | { readonly org: string; readonly transport: Transport }
  | { readonly api: GroupsApi }
) & {
  /**
   * The clock for `status.updatedAt` and `maxAge`, in ms.
   * @default Date.now
   */
  readonly now?: (() => number) | undefined;
  /**
   * Groups handed over by a server render (`store.dehydrate()` there): the
   * store starts with them as loaded at their `updatedAt`, without a request.
   * @default undefined (the store starts empty and idle)
   */
  readonly initialState?: DehydratedGroups | undefined;
};

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

  /** Lists the groups; concurrent calls share one request. */
  load(options?: LoadOptions): Promise<readonly Group[]>;
  /** Reads one group; concurrent calls for the same group share one request. */
  retrieve(name: string, options?: RetrieveOptions): Promise<Group>;
  create(group: NewGroup): Promise<Group>;
  delete(name: string): Promise<Group>;
  addLocation(name: string, location: string): Promise<Group>;
  removeLocation(name: string, location: string): Promise<Group>;
  /** Resolves with the JWT, which the store never keeps, emits or logs. */
  mintToken(name: string, options?: TokenOptions): Promise<MintedToken>;
  invalidateTokens(name: string): Promise<void>;
  /** Runs `fn` and tells subscribers once, at the end, of all it changed. */
  batch<T>(fn: () => T): T;
  /** Aborts requests in flight, completes every observable; later commands reject. */
  dispose(): void;
}

function asGroupsError(error: unknown, operation: GroupsOperation, group: string | undefined): GroupsError {
  if (isGroupsError(error)) return error;
  return new GroupsError({ code: 'network', operation, group, detail: 'request failed', cause: error });
}

function invalid(operation: GroupsOperation, detail: string, cause?: unknown): GroupsError {
  return new GroupsError({ code: 'validation', operation, detail, cause });
}

/** Reads a caller's options once; whatever a getter or Proxy throws becomes a validation error. */
function readOptions<T>(operation: GroupsOperation, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (isGroupsError(error)) throw error;
    throw invalid(operation, 'the options could not be read', error);
  }
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
  const { api, now, initialState } = readOptions('request', () => {
    if (typeof options !== 'object' || options === null) throw invalid('request', 'expected { org, transport } or { api }');
    const chosen = 'api' in options ? options.api : createGroupsApi({ org: options.org, transport: options.transport });
    if (typeof chosen !== 'object' || chosen === null || typeof chosen.list !== 'function') {
      throw invalid('request', 'api must be a GroupsApi (see createGroupsApi)');
    }
    const clock = options.now;
    if (clock !== undefined && typeof clock !== 'function') throw invalid('request', 'now must be a function returning ms');
    const initial = options.initialState === undefined ? undefined : readDehydrated(options.initialState);
    return { api: chosen, now: clock ?? (() => Date.now()), initialState: initial };
  });
  const store = new Store(api, now);
  if (initialState) store.hydrate(initialState);
  return store;
}

class Store implements GroupsStore {
  readonly #api: GroupsApi;
  readonly #now: () => number;
  readonly #state = new GroupsState();
  /** Logical time: every read sent and every answer folded in takes a tick. */
  #clock = 0;
  #lastConfirmed = 0;
  #commandIds = 0;
  #readsInFlight = 0;
  #loadsInFlight = 0;
  #lastListAnswer = 0;
  #load: SharedRead<Group[]> | undefined;
  readonly #retrieves = new Map<string, SharedRead<Group>>();
  readonly #serial = new KeyedQueue();
  /**
   * What dispose() aborts: the reads and the mutation requests in flight, each
   * with its own controller, so a store holds listeners for what is in flight
   * only (one shared lifetime signal would collect one per request ever sent).
   */
  readonly #reads = new Set<SharedRead<unknown>>();
  readonly #requests = new Set<AbortController>();
  #disposed = false;

  #batchDepth = 0;
  #flushing = false;
  readonly #eventQueue: StoreEvent[] = [];
  #snapshot: GroupsSnapshot | undefined;
  readonly #groupsChannel = new ValueChannel(() => this.#state.list());
  readonly #statusChannel = new ValueChannel(() => this.#state.status);
  readonly #snapshotChannel = new ValueChannel(() => this.getSnapshot());
  readonly #groupChannels = new KeyedChannels<Group | undefined>((name) => this.#state.shown(name));
  readonly #metaChannels = new KeyedChannels<GroupMeta>((name) => this.#state.meta(name));
  readonly #events = new Subject<StoreEvent>();
  #eventObservers = 0;

  readonly groups$: Observable<readonly Group[]>;
  readonly status$: Observable<ListStatus>;
  readonly events$: Observable<StoreEvent>;

  constructor(api: GroupsApi, now: () => number) {
    this.#api = api;
    this.#now = now;
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
    if (typeof listener !== 'function') throw invalid('request', 'subscribe expects a listener function');
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
    return (
      this.#groupsChannel.size +
      this.#statusChannel.size +
      this.#snapshotChannel.size +
      this.#groupChannels.size +
      this.#metaChannels.size +
      this.#eventObservers
    );
  }

  getConfirmed(): readonly Group[] {
    return this.#state.confirmedList();
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
    this.#batch(() => {
      this.#state.applyList(groups, 0);
      this.#state.setStatus(succeeded(updatedAt, this.#loadsInFlight > 0));
    });
  }

  // ── commands ───────────────────────────────────────────────────────────

  load(options?: LoadOptions): Promise<readonly Group[]> {
    let signal: AbortSignal | undefined;
    let maxAge: number | undefined;
    try {
      this.#assertOpen('list', undefined);
      assertCallOptions('list', undefined, options);
      ({ signal, maxAge } = readOptions('list', () => ({ signal: options?.signal, maxAge: options?.maxAge })));
      if (maxAge !== undefined && !(typeof maxAge === 'number' && maxAge >= 0)) {
        throw invalid('list', 'maxAge must be a number of ms, 0 or more');
      }
    } catch (error) {
      return Promise.reject(error);
    }
    const status = this.#state.status;
    if (maxAge !== undefined && status.status === 'success' && this.#now() - status.updatedAt < maxAge) {
      return Promise.resolve(this.#state.list());
    }
    // Share the list in flight, unless it is going away or a mutation was confirmed after it was sent.
    const current = this.#load;
    if (current && current.live && current.sentAt > this.#lastConfirmed) return current.join(signal);
    const read = this.#startRead('list', undefined, (readSignal) => this.#api.list({ signal: readSignal }));
    this.#load = read;
    this.#loadsInFlight += 1;
    this.#batch(() => this.#state.setStatus(withFetching(this.#state.status, true)));
    // A list answer older than the last one applied may still fill in groups
    // (stamps decide), but it does not overwrite a newer status.
    const isLatest = (): boolean => read.sentAt > this.#lastListAnswer;
    read.promise.then(
      (groups) => {
        this.#loadsInFlight -= 1;
        if (this.#load === read) this.#load = undefined;
        this.#batch(() => {
          const state = this.#state;
          state.applyList(groups, read.sentAt);
          const fetching = this.#loadsInFlight > 0;
          state.setStatus(isLatest() ? succeeded(this.#now(), fetching) : withFetching(state.status, fetching));
          this.#lastListAnswer = Math.max(this.#lastListAnswer, read.sentAt);
        });
      },
      (error: unknown) => {
        this.#loadsInFlight -= 1;
        if (this.#load === read) this.#load = undefined;
        const aborted = isGroupsError(error) && error.code === 'aborted';
        this.#batch(() => {
          const state = this.#state;
          const fetching = this.#loadsInFlight > 0;
          const fails = !aborted && isLatest();
          state.setStatus(fails ? failed(state.status, asGroupsError(error, 'list', undefined), fetching) : withFetching(state.status, fetching));
          if (fails) this.#lastListAnswer = read.sentAt;
        });
      },
    );
    return read.join(signal);
  }

  retrieve(name: string, options?: RetrieveOptions): Promise<Group> {
    let signal: AbortSignal | undefined;
    try {
      this.#assertOpen('retrieve', name);
      assertGroupName('retrieve', name);
      assertCallOptions('retrieve', name, options);
      signal = readOptions('retrieve', () => options?.signal);
    } catch (error) {
      return Promise.reject(error);
    }
    const current = this.#retrieves.get(name);
    if (current && current.live && current.sentAt > this.#lastConfirmed) return current.join(signal);
    const read = this.#startRead('retrieve', name, (readSignal) => this.#api.retrieve(name, { signal: readSignal }));
    this.#retrieves.set(name, read);
    const settle = (group: Group | undefined, error: GroupsError | undefined): void => {
      if (this.#retrieves.get(name) === read) this.#retrieves.delete(name);
      this.#batch(() => this.#state.applyRetrieve(name, group, error, read.sentAt));
    };
    read.promise.then(
      (group) => settle(group, undefined),
      (error: unknown) => settle(undefined, asGroupsError(error, 'retrieve', name)),
    );
    return read.join(signal);
  }

  async create(input: NewGroup): Promise<Group> {
    this.#assertOpen('create', undefined);
    // A checked copy: what is shown is what is sent, whatever the caller's object does when read again.
    const group = readNewGroup(input);
    const { name, location } = group;
    if (this.#state.shown(name) !== undefined) {
      throw new GroupsError({ code: 'conflict', operation: 'create', group: name, detail: 'group already exists' });
    }
    return this.#mutate({ operation: 'create', group: name, location }, (signal) => this.#api.create(group, { signal }), (created) => created);
  }

  async delete(name: string): Promise<Group> {
    this.#assertOpen('delete', name);
    assertGroupName('delete', name);
    return this.#mutate({ operation: 'delete', group: name }, (signal) => this.#api.delete(name, { signal }), () => undefined);
  }

  async addLocation(name: string, location: string): Promise<Group> {
    this.#assertOpen('addLocation', name);
    assertGroupName('addLocation', name);
    assertLocation('addLocation', name, location);
    if (this.#state.shown(name)?.locations.includes(location)) {
      throw new GroupsError({ code: 'validation', operation: 'addLocation', group: name, detail: `group already has location ${JSON.stringify(location)}` });
    }
    return this.#mutate({ operation: 'addLocation', group: name, location }, (signal) => this.#api.addLocation(name, location, { signal }), (g) => g);
  }

  async removeLocation(name: string, location: string): Promise<Group> {
    this.#assertOpen('removeLocation', name);
    assertGroupName('removeLocation', name);
    assertLocation('removeLocation', name, location);
    const shown = this.#state.shown(name);
    if (shown?.primary === location) {
      throw new GroupsError({ code: 'validation', operation: 'removeLocation', group: name, detail: `cannot remove the primary location ${JSON.stringify(location)}` });
    }
    if (shown && !shown.locations.includes(location)) {
      throw new GroupsError({ code: 'validation', operation: 'removeLocation', group: name, detail: `group has no location ${JSON.stringify(location)}` });
    }
    return this.#mutate({ operation: 'removeLocation', group: name, location }, (signal) => this.#api.removeLocation(name, location, { signal }), (g) => g);
  }

  async mintToken(name: string, input: TokenOptions = {}): Promise<MintedToken> {
    this.#assertOpen('mintToken', name);
    assertGroupName('mintToken', name);
    const options = readTokenOptions(name, input);
    return this.#mutate({ operation: 'mintToken', group: name }, (signal) => this.#api.mintToken(name, options, { signal }), () => undefined);
  }

  async invalidateTokens(name: string): Promise<void> {
    this.#assertOpen('invalidateTokens', name);
    assertGroupName('invalidateTokens', name);
    return this.#mutate({ operation: 'invalidateTokens', group: name }, (signal) => this.#api.invalidateTokens(name, { signal }), () => undefined);
  }

  batch<T>(fn: () => T): T {
    return this.#batch(fn);
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
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

  // ── the machinery ──────────────────────────────────────────────────────

  #startRead<T>(operation: GroupsOperation, group: string | undefined, send: (signal: AbortSignal) => Promise<T>): SharedRead<T> {
    const id = ++this.#commandIds;
    this.#emit({ type: 'start', id, operation, group });
    this.#readsInFlight += 1;
    const read = new SharedRead(this.#tick(), operation, group, send);
    this.#reads.add(read);
    read.promise.then(
      () => this.#emit({ type: 'success', id, operation, group }),
      (error: unknown) => this.#emit({ type: 'failure', id, operation, group, error: asGroupsError(error, operation, group) }),
    ).finally(() => {
      this.#reads.delete(read);
      this.#readsInFlight -= 1;
      if (this.#readsInFlight === 0) this.#state.forgetTombstones();
    });
    return read;
  }

  /**
   * Shows a mutation at once, sends it behind the group's earlier ones, and
   * folds the answer in: `answered` says what the answer holds of the group.
   */
  async #mutate<T>(info: MutationInfo, send: (signal: AbortSignal) => Promise<T>, answered: (answer: T) => Group | undefined): Promise<T> {
    const { operation, group } = info;
    const pending = { ...info, id: ++this.#commandIds } as PendingMutation;
    const mutation: Mutation = { info: pending, recipe: recipeFor(pending) };
    const { id } = pending;
    this.#batch(() => this.#state.enqueue(mutation));
    this.#emit({ type: 'start', id, operation, group });

    let answer: T;
    try {
      answer = await this.#serial.run(group, () => this.#request(operation, group, send));
    } catch (caught) {
      const error = asGroupsError(caught, operation, group);
      if (!this.#disposed) this.#batch(() => this.#state.fail(mutation, error, this.#tick()));
      this.#emit({ type: 'failure', id, operation, group, error });
      if (mutation.recipe) this.#emit({ type: 'rollback', id, operation, group });
      throw error;
    }
    if (!this.#disposed) {
      this.#batch(() => {
        const stamp = this.#tick();
        this.#lastConfirmed = stamp;
        this.#state.confirm(mutation, stamp, answered(answer));
      });
    }
    this.#emit({ type: 'success', id, operation, group });
    return answer;
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

  #tick(): number {
    this.#clock += 1;
    return this.#clock;
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

  #disposedError(operation: GroupsOperation, group: string | undefined): GroupsError {
    return new GroupsError({ code: 'aborted', operation, group, detail: 'the store is disposed' });
  }
}
