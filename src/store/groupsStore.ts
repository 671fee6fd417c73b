import type { Observable } from 'rxjs';
import { Subject } from 'rxjs';
import type { Group, MintedToken, NewGroup, TokenOptions } from '../api/group.js';
import { GroupsError, isGroupsError, type GroupsOperation } from '../api/groupsError.js';
import { createGroupsApi, type GroupsApi } from '../api/groupsApi.js';
import { assertGroupName, assertLocation, assertNewGroup, assertTokenOptions } from '../api/validate.js';
import type { Transport } from '../transport/transport.js';
import type { GroupMeta } from './groupMeta.js';
import { addLocationRecipe, createRecipe, deleteRecipe, removeLocationRecipe, type GroupRecipe } from './groupRecipes.js';
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
   * The clock for `status.updatedAt`, in ms.
   * @default Date.now
   */
  readonly now?: (() => number) | undefined;
};

export type { PendingMutation } from './pendingMutation.js';

/** Everything a view needs, as one immutable value (for `useSyncExternalStore`). */
export interface GroupsSnapshot {
  /** The groups shown: confirmed, with every pending mutation applied. */
  readonly groups: readonly Group[];
  readonly status: ListStatus;
  /** Meta of the groups that have any (pending, error or optimistic); others are idle. */
  readonly meta: ReadonlyMap<string, GroupMeta>;
}

export interface LoadOptions {
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
  /** Every command's start, success, failure and rollback. Not replayed. */
  readonly events$: Observable<StoreEvent>;
  /** The same object until something changes. Bound: can be passed around as is. */
  readonly getSnapshot: () => GroupsSnapshot;
  /** Calls `listener` after every change; returns the unsubscribe function. Bound, like `getSnapshot`. */
  readonly subscribe: (listener: () => void) => () => void;
  /** What the server is known to hold, without pending mutations. */
  getConfirmed(): readonly Group[];
  /** The mutations not yet answered, in the order they were issued. */
  getPending(): readonly PendingMutation[];

  /** Lists the groups; concurrent calls share one request. */
  load(options?: LoadOptions): Promise<readonly Group[]>;
  retrieve(name: string): Promise<Group>;
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

/**
 * A reactive store of the organization's groups. Commands show their effect
 * at once and reconcile with the server's answer; a failure rolls back only
 * its own change; reads never undo a confirmed mutation.
 *
 * @example
 * const store = createGroupsStore({ org: 'acme', transport: createFetchTransport({ token }) })
 * store.groups$.subscribe(render)
 * await store.load()
 */
export function createGroupsStore(options: GroupsStoreOptions): GroupsStore {
  const api = 'api' in options ? options.api : createGroupsApi({ org: options.org, transport: options.transport });
  return new Store(api, options.now ?? (() => Date.now()));
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
  readonly #lifetime = new AbortController();
  #disposed = false;

  #batchDepth = 0;
  #snapshot: GroupsSnapshot | undefined;
  readonly #groupsChannel = new ValueChannel(() => this.#state.list());
  readonly #statusChannel = new ValueChannel(() => this.#state.status);
  readonly #snapshotChannel = new ValueChannel(() => this.getSnapshot());
  readonly #groupChannels = new KeyedChannels<Group | undefined>((name) => this.#state.shown(name));
  readonly #metaChannels = new KeyedChannels<GroupMeta>((name) => this.#state.meta(name));
  readonly #events = new Subject<StoreEvent>();

  readonly groups$: Observable<readonly Group[]>;
  readonly status$: Observable<ListStatus>;
  readonly events$: Observable<StoreEvent>;

  constructor(api: GroupsApi, now: () => number) {
    this.#api = api;
    this.#now = now;
    this.groups$ = this.#groupsChannel.observable;
    this.status$ = this.#statusChannel.observable;
    this.events$ = this.#events.asObservable();
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

  readonly subscribe = (listener: () => void): (() => void) => {
    let first = true;
    const subscription = this.#snapshotChannel.observable.subscribe(() => {
      if (first) first = false;
      else listener();
    });
    return () => subscription.unsubscribe();
  };

  getConfirmed(): readonly Group[] {
    return this.#state.confirmedList();
  }

  getPending(): readonly PendingMutation[] {
    return this.#state.pending();
  }

  // ── commands ───────────────────────────────────────────────────────────

  load(options: LoadOptions = {}): Promise<readonly Group[]> {
    if (this.#disposed) return Promise.reject(this.#disposedError('list', undefined));
    // Share the list in flight, unless a mutation was confirmed after it was sent.
    const current = this.#load;
    if (current && current.sentAt > this.#lastConfirmed) return current.join(options.signal);
    const read = this.#startRead('list', undefined, (signal) => this.#api.list({ signal }));
    this.#load = read;
    this.#loadsInFlight += 1;
    this.#transaction(() => this.#state.setStatus(withFetching(this.#state.status, true)));
    // A list answer older than the last one applied may still fill in groups
    // (stamps decide), but it does not overwrite a newer status.
    const isLatest = (): boolean => read.sentAt > this.#lastListAnswer;
    read.promise.then(
      (groups) => {
        this.#loadsInFlight -= 1;
        if (this.#load === read) this.#load = undefined;
        this.#transaction(() => {
          const state = this.#state;
          state.setConfirmedList(groups, read.sentAt);
          const fetching = this.#loadsInFlight > 0;
          state.setStatus(isLatest() ? succeeded(this.#now(), fetching) : withFetching(state.status, fetching));
          this.#lastListAnswer = Math.max(this.#lastListAnswer, read.sentAt);
        });
      },
      (error: unknown) => {
        this.#loadsInFlight -= 1;
        if (this.#load === read) this.#load = undefined;
        const aborted = isGroupsError(error) && error.code === 'aborted';
        this.#transaction(() => {
          const state = this.#state;
          const fetching = this.#loadsInFlight > 0;
          const fails = !aborted && isLatest();
          state.setStatus(fails ? failed(state.status, asGroupsError(error, 'list', undefined), fetching) : withFetching(state.status, fetching));
          if (fails) this.#lastListAnswer = read.sentAt;
        });
      },
    );
    return read.join(options.signal);
  }

  retrieve(name: string): Promise<Group> {
    if (this.#disposed) return Promise.reject(this.#disposedError('retrieve', name));
    try {
      assertGroupName('retrieve', name);
    } catch (error) {
      return Promise.reject(error);
    }
    const current = this.#retrieves.get(name);
    if (current && current.sentAt > this.#lastConfirmed) return current.join();
    const read = this.#startRead('retrieve', name, (signal) => this.#api.retrieve(name, { signal }));
    this.#retrieves.set(name, read);
    const settle = (group: Group | undefined, error: GroupsError | undefined): void => {
      if (this.#retrieves.get(name) === read) this.#retrieves.delete(name);
      this.#transaction(() => {
        const state = this.#state;
        if (group !== undefined || error?.code === 'not_found') state.setConfirmed(name, group, read.sentAt);
        if (error?.code !== 'aborted') state.setError(name, error);
        state.touchMeta(name);
      });
    };
    read.promise.then(
      (group) => settle(group, undefined),
      (error: unknown) => settle(undefined, asGroupsError(error, 'retrieve', name)),
    );
    return read.join();
  }

  async create(group: NewGroup): Promise<Group> {
    this.#assertOpen('create', group?.name);
    assertNewGroup(group);
    if (this.#state.shown(group.name) !== undefined) {
      throw new GroupsError({ code: 'conflict', operation: 'create', group: group.name, detail: 'group already exists' });
    }
    const optimistic = Object.freeze({ name: group.name, locations: Object.freeze([group.location]), primary: group.location });
    return this.#mutate(
      { operation: 'create', group: group.name, location: group.location },
      createRecipe(optimistic),
      (signal) => this.#api.create(group, { signal }),
      (created, stamp) => this.#state.setConfirmed(group.name, created, stamp),
    );
  }

  async delete(name: string): Promise<Group> {
    this.#assertOpen('delete', name);
    assertGroupName('delete', name);
    return this.#mutate(
      { operation: 'delete', group: name },
      deleteRecipe,
      (signal) => this.#api.delete(name, { signal }),
      (_, stamp) => this.#state.setConfirmed(name, undefined, stamp),
    );
  }

  async addLocation(name: string, location: string): Promise<Group> {
    this.#assertOpen('addLocation', name);
    assertGroupName('addLocation', name);
    assertLocation('addLocation', name, location);
    if (this.#state.shown(name)?.locations.includes(location)) {
      throw new GroupsError({ code: 'validation', operation: 'addLocation', group: name, detail: `group already has location ${JSON.stringify(location)}` });
    }
    return this.#mutate(
      { operation: 'addLocation', group: name, location },
      addLocationRecipe(location),
      (signal) => this.#api.addLocation(name, location, { signal }),
      (group, stamp) => this.#state.setConfirmed(name, group, stamp),
    );
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
    return this.#mutate(
      { operation: 'removeLocation', group: name, location },
      removeLocationRecipe(location),
      (signal) => this.#api.removeLocation(name, location, { signal }),
      (group, stamp) => this.#state.setConfirmed(name, group, stamp),
    );
  }

  async mintToken(name: string, options: TokenOptions = {}): Promise<MintedToken> {
    this.#assertOpen('mintToken', name);
    assertGroupName('mintToken', name);
    assertTokenOptions(name, options);
    return this.#mutate({ operation: 'mintToken', group: name }, undefined, (signal) => this.#api.mintToken(name, options, { signal }), () => undefined);
  }

  async invalidateTokens(name: string): Promise<void> {
    this.#assertOpen('invalidateTokens', name);
    assertGroupName('invalidateTokens', name);
    return this.#mutate({ operation: 'invalidateTokens', group: name }, undefined, (signal) => this.#api.invalidateTokens(name, { signal }), () => undefined);
  }

  batch<T>(fn: () => T): T {
    return this.#transaction(fn);
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#lifetime.abort();
    this.#groupsChannel.complete();
    this.#statusChannel.complete();
    this.#snapshotChannel.complete();
    this.#groupChannels.complete();
    this.#metaChannels.complete();
    this.#events.complete();
  }

  // ── the machinery ──────────────────────────────────────────────────────

  #startRead<T>(operation: GroupsOperation, group: string | undefined, send: (signal: AbortSignal) => Promise<T>): SharedRead<T> {
    const id = ++this.#commandIds;
    this.#emit({ type: 'start', id, operation, group });
    this.#readsInFlight += 1;
    const read = new SharedRead(this.#tick(), operation, group, send, this.#lifetime.signal);
    read.promise.then(
      () => this.#emit({ type: 'success', id, operation, group }),
      (error: unknown) => this.#emit({ type: 'failure', id, operation, group, error: asGroupsError(error, operation, group) }),
    ).finally(() => {
      this.#readsInFlight -= 1;
      if (this.#readsInFlight === 0) this.#state.forgetTombstones();
    });
    return read;
  }

  async #mutate<T>(
    info: MutationInfo,
    recipe: GroupRecipe | undefined,
    send: (signal: AbortSignal) => Promise<T>,
    fold: (answer: T, stamp: number) => void,
  ): Promise<T> {
    const { operation, group } = info;
    const mutation: Mutation = { info: { ...info, id: ++this.#commandIds } as PendingMutation, recipe };
    const { id } = mutation.info;
    this.#transaction(() => this.#state.enqueue(mutation));
    this.#emit({ type: 'start', id, operation, group });

    let answer: T;
    try {
      answer = await this.#serial.run(group, () => {
        if (this.#disposed) throw this.#disposedError(operation, group);
        return send(this.#lifetime.signal);
      });
    } catch (caught) {
      const error = asGroupsError(caught, operation, group);
      if (!this.#disposed) {
        this.#transaction(() => {
          const state = this.#state;
          state.dequeue(mutation);
          state.setError(group, error);
          // The server says the group is not there: believe it.
          if (error.code === 'not_found') state.setConfirmed(group, undefined, this.#tick());
          state.refresh(group);
        });
      }
      this.#emit({ type: 'failure', id, operation, group, error });
      if (recipe) this.#emit({ type: 'rollback', id, operation, group });
      throw error;
    }
    if (!this.#disposed) {
      this.#transaction(() => {
        const state = this.#state;
        state.dequeue(mutation);
        state.setError(group, undefined);
        const stamp = this.#tick();
        this.#lastConfirmed = stamp;
        fold(answer, stamp);
        state.refresh(group);
      });
    }
    this.#emit({ type: 'success', id, operation, group });
    return answer;
  }

  #tick(): number {
    this.#clock += 1;
    return this.#clock;
  }

  /** Runs `fn`, then tells each observable once of what changed. */
  #transaction<T>(fn: () => T): T {
    this.#batchDepth += 1;
    try {
      return fn();
    } finally {
      this.#batchDepth -= 1;
      if (this.#batchDepth === 0 && !this.#disposed) this.#flush();
    }
  }

  #flush(): void {
    const changes = this.#state.commit();
    if (!changes) return;
    this.#snapshot = undefined;
    if (changes.allGroups) this.#groupChannels.emitAll();
    else for (const name of changes.groups) this.#groupChannels.emit(name);
    for (const name of changes.meta) this.#metaChannels.emit(name);
    if (changes.list) this.#groupsChannel.emit();
    if (changes.status) this.#statusChannel.emit();
    this.#snapshotChannel.emit();
  }

  #emit(event: StoreEvent): void {
    if (!this.#disposed) this.#events.next(event);
  }

  #assertOpen(operation: GroupsOperation, group: string | undefined): void {
    if (this.#disposed) throw this.#disposedError(operation, group);
  }

  #disposedError(operation: GroupsOperation, group: string | undefined): GroupsError {
    return new GroupsError({ code: 'aborted', operation, group, detail: 'the store is disposed' });
  }
}
