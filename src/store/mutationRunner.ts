import { GroupsError, isGroupsError, type GroupsOperation } from '../errors.js';
import { cancelledError, OfflineQueue } from '../live/offlineQueue.js';
import { commandFor, type CommandAnswers } from './commands.js';
import type { FeedCall } from './storeFeed.js';
import { KeyedQueue } from './keyedQueue.js';
import { outcomeUnknown } from './mutationOutcome.js';
import type { Mutation, MutationInfo, MutationOperation, PendingMutation, PendingOf } from './pendingMutation.js';
import type { Reads } from './reads.js';
import { Reconciler } from './reconciler.js';
import { RequestAborts } from './requestAborts.js';
import { asGroupsError, disposedError, type StoreContext } from './storeContext.js';

/**
 * Runs mutations: shown at once, sent one at a time per group in the order
 * issued (held while offline, cancellable until sent), and ended by the
 * server's answer — confirmed (folded in as the command table says), refused
 * (its own layer rolled back), or unknown (kept shown, unconfirmed, until a
 * re-read of the group settles it).
 */
export class MutationRunner {
  readonly #context: StoreContext;
  readonly #reads: Reads;
  readonly #serial = new KeyedQueue();
  /** The signals of the mutation requests in flight, for dispose() to abort. */
  readonly #requests = new RequestAborts();
  /** Mutations that may still be cancelled (not sent yet), by id: how to take each back. */
  readonly #cancellable = new Map<number, (error: GroupsError) => void>();
  readonly #offline: OfflineQueue;
  readonly #reconciler: Reconciler;

  constructor(context: StoreContext, reads: Reads, maxBackoff: number) {
    this.#context = context;
    this.#reads = reads;
    this.#offline = new OfflineQueue(context.environment);
    this.#reconciler = new Reconciler(context.environment, maxBackoff, (name, notBefore) => this.#reread(name, notBefore));
  }

  /** Checks a command against what is shown, then runs it as a mutation. */
  run<Op extends MutationOperation>(info: Omit<PendingOf<Op>, 'id'>): Promise<CommandAnswers[Op]> {
    commandFor<PendingOf<Op>>(info).precheck?.(info, this.#context.state.shown(info.group));
    return this.#mutate(info as MutationInfo) as Promise<CommandAnswers[Op]>;
  }

  /**
   * Runs a mutation held offline by another visit (or a tab now gone), taken
   * over by this one: not checked against what is shown (the server decides),
   * and no caller waits for it. Returns its id.
   */
  restore(info: MutationInfo): number {
    const id = this.#context.nextId();
    this.#mutate(info, id).catch(() => undefined);
    return id;
  }

  /** Ids of the mutations not sent yet, in issue order (for the devtools). */
  get unsent(): number[] {
    return [...this.#cancellable.keys()];
  }

  /** Ids of the mutations held offline, in the order they will go (for the devtools). */
  get held(): number[] {
    return this.#offline.held;
  }

  /** Takes back mutation `id` if it was not sent yet; false otherwise. */
  cancel(id: number): boolean {
    const takeBack = this.#cancellable.get(id);
    if (!takeBack || this.#context.isDisposed()) return false;
    const mutation = this.#context.state.pending().find((m) => m.id === id);
    if (!mutation) return false;
    takeBack(cancelledError(mutation.operation, mutation.group));
    return true;
  }

  /** Drops what is held, takes back what is queued, aborts what is in flight, stops re-reads. */
  dispose(): void {
    this.#reconciler.dispose();
    this.#offline.dispose(() => disposedError('request', undefined));
    for (const takeBack of [...this.#cancellable.values()]) takeBack(disposedError('request', undefined));
    this.#requests.abortAll();
  }

  async #mutate(info: MutationInfo, id = this.#context.nextId()): Promise<unknown> {
    const { state, clock, notifier, environment, api } = this.#context;
    const { operation, group } = info;
    const pending = { ...info, id } as PendingMutation;
    const command = commandFor(pending);
    const mutation: Mutation = { info: pending, recipe: command.recipe?.(pending) };
    this.#context.joinPeers();
    notifier.batch(() => state.enqueue(mutation));
    notifier.emit({ type: 'start', id, operation, group });

    let takenBack: GroupsError | undefined;
    // Where the answer sits in the change feed's order (with the `changes` option).
    let position: FeedCall | undefined;

    let answer: unknown;
    try {
      // The answer, or the taking back while it is not sent yet, whichever comes first.
      answer = await new Promise((resolve, reject) => {
        this.#cancellable.set(id, (error) => {
          takenBack = error;
          this.#cancellable.delete(id);
          this.#offline.drop(id, error);
          reject(error);
        });
        // Sent after the group's earlier mutations (inline, not bound to a name: see groupsApi.ts's call).
        this.#serial
          .run(group, async (): Promise<unknown> => {
            if (takenBack) throw takenBack;
            if (this.#context.isDisposed()) throw disposedError(operation, group);
            if (!environment.isOnline()) {
              notifier.batch(() => state.setPaused(mutation, true));
              await this.#offline.wait(id);
              if (!this.#context.isDisposed()) notifier.batch(() => state.setPaused(mutation, false));
            }
            if (takenBack) throw takenBack;
            // Persisted while held: taken out of storage before it goes, so that what is stored was never sent.
            const mine = this.#context.beforeSend?.(pending) ?? true;
            if (mine !== true && !(await mine)) throw new GroupsError({ code: 'aborted', operation, group, detail: 'another tab took it over and sends it' });
            if (takenBack) throw takenBack;
            this.#cancellable.delete(id); // on the wire from here: too late to take back
            const onRetry = notifier.retryReporter(id, operation, group);
            position = this.#context.feed?.call('mutation');
            return this.#request(operation, group, (signal) =>
              position ? position.send((onAnswer) => command.send(api, pending, { signal, onRetry, onAnswer })) : command.send(api, pending, { signal, onRetry }),
            );
          })
          .then(resolve, reject);
      });
    } catch (caught) {
      this.#cancellable.delete(id);
      const error = asGroupsError(caught, operation, group);
      if (mutation.recipe && !this.#context.isDisposed() && outcomeUnknown(error)) {
        this.#reconcile(mutation, error);
        throw error;
      }
      // A 404 says the group is absent, unless the feed has told of it since (then that stands).
      const absent = this.#context.feed?.refused(position, group, error) ?? true;
      if (!this.#context.isDisposed()) notifier.batch(() => state.fail(mutation, error, absent ? clock.tick() : Number.NEGATIVE_INFINITY));
      notifier.emit({ type: 'failure', id, operation, group, error });
      if (mutation.recipe) notifier.emit({ type: 'rollback', id, operation, group });
      throw error;
    }
    if (!this.#context.isDisposed()) {
      const stamp = clock.tick();
      const answered = command.fold(answer, pending);
      // Not when the feed told of something newer of the group while the answer was on its way.
      const fold = this.#context.feed?.confirmed(position, group, answered) ?? answered;
      notifier.batch(() => {
        clock.confirmed(stamp);
        state.confirm(mutation, stamp, fold);
      });
      if (fold.kind === 'merge') {
        // An answer that tells some fields only (a configuration) cannot date the whole group:
        // its layer stays while a read sent after it brings the group as of now (retried like
        // an unknown outcome's re-read); that read tells the other tabs too.
        this.#reconciler.settle(group, stamp, () => notifier.batch(() => state.settleRead(mutation)));
      } else {
        // What the answer says of the group is news for the other tabs; an answer that says nothing is not.
        const news = fold.kind === 'unchanged' ? undefined : fold.kind === 'absent' ? null : fold.group;
        if (news !== undefined) this.#context.publish({ type: 'group', stamp, name: group, group: news, span: this.#context.feed?.exactSpan(position) });
      }
    }
    notifier.emit({ type: 'success', id, operation, group });
    return answer;
  }

  /**
   * A mutation the server may or may not have made: its change stays shown,
   * marked unconfirmed, while the group is re-read (a read sent after the
   * failure, so it can only be fresher); then what the server holds is shown.
   */
  #reconcile(mutation: Mutation, error: GroupsError): void {
    const { state, clock, notifier } = this.#context;
    const { id, operation, group } = mutation.info;
    // Whatever the server did, it did before now: any read sent after this stamp sees it.
    const failedAt = clock.tick();
    notifier.batch(() => state.markUnconfirmed(mutation));
    notifier.emit({ type: 'unknown', id, operation, group, error });
    this.#reconciler.settle(group, failedAt, () => {
      let applied = false;
      notifier.batch(() => {
        applied = state.settleUnconfirmed(mutation, error);
        // A change the server made counts as confirmed then: no read sent before it may be joined since.
        if (applied) clock.confirmed(failedAt);
      });
      notifier.emit({ type: 'reconciled', id, operation, group, applied });
    });
  }

  /** A read of `name` sent after `notBefore` (a stamp), folded in; resolves on an answer (a 404 is one: the group is absent). */
  async #reread(name: string, notBefore: number): Promise<void> {
    if (this.#context.isDisposed()) throw disposedError('retrieve', name);
    try {
      await this.#reads.retrieve(name, undefined, notBefore);
    } catch (error) {
      if (!(isGroupsError(error) && error.code === 'not_found')) throw error;
    }
  }

  /** One mutation request, with a signal for dispose() to abort, held only while it runs. */
  async #request<T>(operation: GroupsOperation, group: string, send: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (this.#context.isDisposed()) throw disposedError(operation, group);
    const controller = this.#requests.take();
    try {
      return await send(controller.signal);
    } finally {
      this.#requests.release(controller);
    }
  }
}
