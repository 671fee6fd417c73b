import type { Group } from '../api/group.js';
import type { CallOptions } from '../api/groupsApi.js';
import { isGroupsError, type GroupsError, type GroupsOperation } from '../errors.js';
import type { FeedCall } from './storeFeed.js';
import { failed, refreshFailed, succeeded, withFetching } from './listStatus.js';
import { RequestAborts } from './requestAborts.js';
import { SharedRead } from './sharedRead.js';
import { asGroupsError, disposedError, type StoreContext } from './storeContext.js';

/** How long, in ms, a deletion is remembered for peers' messages still on their way. */
const TOMBSTONE_TTL = 60_000;

/**
 * The store's reads: the list and one group, each shared while in flight,
 * stamped when sent, and folded in by stamps so that an answer to a read sent
 * before something was learnt never undoes it. It also folds the other
 * answers a list status depends on: a peer's list, and handed-over state.
 */
export class Reads {
  readonly #context: StoreContext;
  readonly #inFlight = new Set<SharedRead<unknown>>();
  /** Controllers shared by the reads sent for a caller without a signal: only dispose() aborts those. */
  readonly #unabortable = new RequestAborts();
  #loadsInFlight = 0;
  /** The stamp of the newest list answer (or failure) applied to the status. */
  #lastListAnswer = 0;
  #load: SharedRead<Group[]> | undefined;
  /** Whether the list read in flight is a background one (a poll, a focus or reconnect refresh). */
  #loadInBackground = false;
  readonly #retrieves = new Map<string, SharedRead<Group>>();
  /** Reads of one group that a command (`store.retrieve`) sent or joined: only their answer sets or clears the group's error. */
  readonly #askedByCommand = new WeakSet<SharedRead<Group>>();

  constructor(context: StoreContext) {
    this.#context = context;
  }

  /**
   * The list read: shared while in flight, unless it is going away or a
   * mutation was confirmed after it was sent. A background one (poll, focus,
   * reconnect) that fails leaves the data on screen with the error beside it.
   */
  list(signal: AbortSignal | undefined, background: boolean, notBefore = 0): Promise<readonly Group[]> {
    const { api, state, clock, notifier, feed } = this.#context;
    if (this.#context.isDisposed()) return Promise.reject(disposedError('list', undefined));
    const current = this.#load;
    if (current && current.live && current.sentAt > Math.max(clock.lastConfirmed, notBefore)) {
      if (!background) this.#loadInBackground = false;
      return current.join(signal);
    }
    const position = feed?.call('list');
    const read = this.#start('list', undefined, (call) => api.list(call), position, signal);
    this.#load = read;
    this.#loadInBackground = background;
    this.#loadsInFlight += 1;
    notifier.batch(() => state.setStatus(withFetching(state.status, true)));
    // A list answer older than the last one applied may still fill in groups
    // (stamps decide), but it does not overwrite a newer status: only the latest
    // (read.sentAt > this.#lastListAnswer) sets it.
    read.promise.then(
      (groups) => {
        this.#loadsInFlight -= 1;
        if (this.#load === read) this.#load = undefined;
        if (this.#context.isDisposed()) return;
        const updatedAt = clock.now();
        notifier.batch(() => {
          feed?.read(position, undefined, read.sentAt);
          state.applyList(groups, read.sentAt);
          const fetching = this.#loadsInFlight > 0;
          state.setStatus(read.sentAt > this.#lastListAnswer ? succeeded(updatedAt, fetching) : withFetching(state.status, fetching));
          this.#lastListAnswer = Math.max(this.#lastListAnswer, read.sentAt);
        });
        this.#context.publish({ type: 'list', stamp: read.sentAt, updatedAt, groups, span: feed?.spanOf(position) });
      },
      (error: unknown) => {
        const inBackground = this.#load === read ? this.#loadInBackground : background;
        this.#loadsInFlight -= 1;
        if (this.#load === read) this.#load = undefined;
        if (this.#context.isDisposed()) return;
        const aborted = isGroupsError(error) && error.code === 'aborted';
        notifier.batch(() => {
          const fetching = this.#loadsInFlight > 0;
          const fails = !aborted && read.sentAt > this.#lastListAnswer;
          const reason = asGroupsError(error, 'list', undefined);
          const next = !fails ? withFetching(state.status, fetching) : inBackground ? refreshFailed(state.status, reason, fetching) : failed(state.status, reason, fetching);
          state.setStatus(next);
          if (fails) this.#lastListAnswer = read.sentAt;
        });
      },
    );
    return read.join(signal);
  }

  /**
   * The read of one group: shared while in flight, unless it is going away or
   * was sent before the last confirmation or before `notBefore` (a stamp).
   * `command`: the app asked for it (`store.retrieve`), so its answer is the
   * group's latest outcome (sets or clears `meta.error`); the store's own
   * re-reads (after a feed's change, to settle a mutation) leave it alone.
   */
  retrieve(name: string, signal: AbortSignal | undefined, notBefore: number, command = false): Promise<Group> {
    const { state, clock, notifier, feed } = this.#context;
    const current = this.#retrieves.get(name);
    if (current && current.live && current.sentAt > Math.max(clock.lastConfirmed, notBefore)) {
      if (command) this.#askedByCommand.add(current);
      return current.join(signal);
    }
    const position = feed?.call('group');
    const read = this.#start('retrieve', name, (call) => this.#groupWithConfiguration(name, call), position, signal);
    this.#retrieves.set(name, read);
    if (command) this.#askedByCommand.add(read);
    const settle = (group: Group | undefined, error: GroupsError | undefined): void => {
      if (this.#retrieves.get(name) === read) this.#retrieves.delete(name);
      if (this.#context.isDisposed()) return;
      notifier.batch(() => {
        if (group !== undefined || error?.code === 'not_found') feed?.read(position, name, read.sentAt);
        state.applyRetrieve(name, group, error, read.sentAt, this.#askedByCommand.has(read));
      });
      if (group !== undefined || error?.code === 'not_found') this.#context.publish({ type: 'group', stamp: read.sentAt, name, group: group ?? null, span: feed?.spanOf(position) });
    };
    read.promise.then(
      (group) => settle(group, undefined),
      (error: unknown) => settle(undefined, asGroupsError(error, 'retrieve', name)),
    );
    return read.join(signal);
  }

  /**
   * One group, with its delete protection: a server whose group answer
   * leaves `delete_protection` out is asked for the configuration too (the
   * store checks deletes against it). That second read is best effort: when
   * it fails for another reason than the group being gone or the call being
   * aborted, the group is shown as answered, without the field.
   */
  async #groupWithConfiguration(name: string, call: CallOptions): Promise<Group> {
    const { api } = this.#context;
    const group = await api.retrieve(name, call);
    if (Object.hasOwn(group, 'delete_protection')) return group;
    try {
      const { delete_protection } = await api.getConfiguration(name, call);
      return { ...group, delete_protection };
    } catch (error) {
      if (isGroupsError(error) && (error.code === 'not_found' || error.code === 'aborted')) throw error;
      return group;
    }
  }

  /** A peer's list, sent at `stamp`: folded like an answer of this store's own (call inside a batch). */
  applyPeerList(groups: readonly Group[], stamp: number, updatedAt: number | null): void {
    const { state } = this.#context;
    state.applyList(groups, stamp);
    if (updatedAt !== null && stamp > this.#lastListAnswer) {
      this.#lastListAnswer = stamp;
      state.setStatus(succeeded(updatedAt, this.#loadsInFlight > 0));
    }
  }

  /**
   * Groups a server render handed over, loaded at `loadedAt`: stamp 0, older
   * than anything this store learnt itself, so a mutation confirmed before,
   * or a list sent since, wins over them.
   */
  applyHandedOver(groups: readonly Group[], loadedAt: number): void {
    const { state, notifier } = this.#context;
    notifier.batch(() => {
      state.applyList(groups, 0);
      state.setStatus(succeeded(loadedAt, this.#loadsInFlight > 0));
    });
  }

  /** Whether the list is older than `staleTime` (or was never loaded, or its last refresh failed). */
  isStale(staleTime: number): boolean {
    const status = this.#context.state.status;
    return status.status !== 'success' || status.refreshError !== undefined || this.#context.clock.now() - status.updatedAt >= staleTime;
  }

  /** Aborts every read in flight (the store is disposed). */
  abortAll(): void {
    for (const read of this.#inFlight) read.abort();
  }

  /** Sends a read for a first caller with `callerSignal` (it joins the read right after). */
  #start<T>(
    operation: GroupsOperation,
    group: string | undefined,
    send: (call: CallOptions) => Promise<T>,
    position: FeedCall | undefined,
    callerSignal: AbortSignal | undefined,
  ): SharedRead<T> {
    const { clock, notifier, state } = this.#context;
    const id = this.#context.nextId();
    notifier.emit({ type: 'start', id, operation, group });
    const onRetry = notifier.retryReporter(id, operation, group);
    const shared = callerSignal === undefined ? this.#unabortable.take() : undefined;
    const read = new SharedRead(
      clock.tick(),
      operation,
      group,
      (signal) => (position ? position.send((onAnswer) => send({ signal, onRetry, onAnswer })) : send({ signal, onRetry })),
      shared,
    );
    this.#inFlight.add(read);
    read.promise
      .then(
        () => notifier.emit({ type: 'success', id, operation, group }),
        (error: unknown) => notifier.emit({ type: 'failure', id, operation, group, error: asGroupsError(error, operation, group) }),
      )
      .finally(() => {
        this.#inFlight.delete(read);
        if (shared) this.#unabortable.release(shared);
        // With peers, a deletion is remembered a while longer: their messages may still be on their way.
        if (this.#inFlight.size === 0) state.forgetTombstones(this.#context.crossTab ? clock.wallStamp(clock.now() - TOMBSTONE_TTL) : undefined);
      });
    return read;
  }
}
