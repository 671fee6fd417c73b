import { GroupsError, isGroupsError } from '../errors.js';
import { cancelledError, OfflineQueue } from '../live/offlineQueue.js';
import { commandFor, type CommandAnswers } from './commands.js';
import type { FeedCall } from './storeFeed.js';
import { readers } from './inspection.js';
import { KeyedLine } from './keyedLine.js';
import { outcomeUnknown } from './mutationOutcome.js';
import type { Mutation, MutationInfo, MutationOperation, PendingMutation, PendingOf } from './pendingMutation.js';
import type { Reads } from './reads.js';
import { Reconciler } from './reconciler.js';
import { RequestAborts } from './requestAborts.js';
import { asGroupsError, disposedError, type StoreContext } from './storeContext.js';

/** One mutation from its issue to its end: what it is, who waits for it, and how far it got. */
interface Run extends Mutation {
  /** The caller's promise; none for a restored mutation (no caller waits for it). */
  resolve: ((answer: unknown) => void) | undefined;
  reject: ((error: unknown) => void) | undefined;
  /** Where its answer sits in the change feed's order (with the `changes` option). */
  position: FeedCall | undefined;
  /** Why it was taken back before it was sent (a cancel, the store disposed): the step it waits in then stops. */
  takenBack?: GroupsError;
}

/**
 * Runs mutations: shown at once, sent one at a time per group in the order
 * issued (held while offline, cancellable until sent), and ended by the
 * server's answer — confirmed (folded in as the command table says), refused
 * (its own layer rolled back), or unknown (kept shown, unconfirmed, until a
 * re-read of the group settles it).
 *
 * Issuing is synchronous (checked, shown, put in its group's line); the rest
 * is plain promise callbacks: a mutation makes its caller's promise and one
 * `.then` on its request, no chain of async functions.
 */
export class MutationRunner {
  readonly #context: StoreContext;
  readonly #reads: Reads;
  /** Each group's mutations not yet ended, in issue order: the first is the one going. */
  readonly #lines = new KeyedLine<Run>();
  /** Mutations whose turn came, to go together in one microtask. */
  #due: Run[] = [];
  /** The signals of the mutation requests in flight, for dispose() to abort. */
  readonly #requests = new RequestAborts();
  /** Mutations that may still be cancelled (not sent yet), by id, in issue order. */
  readonly #unsent = new Map<number, Run>();
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
    const run = this.#issue(info as MutationInfo, this.#context.nextId());
    // Settled in a microtask at the earliest (the run goes then): attached in time.
    return new Promise((resolve, reject) => {
      run.resolve = resolve as (answer: unknown) => void;
      run.reject = reject;
    });
  }

  /**
   * Runs a mutation held offline by another visit (or a tab now gone), taken
   * over by this one: not checked against what is shown (the server decides),
   * and no caller waits for it. Returns its id.
   */
  restore(info: MutationInfo): number {
    const id = this.#context.nextId();
    this.#issue(info, id);
    return id;
  }

  static {
    // Development builds only: the devtools' readers (see ./inspection.ts).
    if (process.env.NODE_ENV !== 'production') {
      readers.unsent = (mutations) => [...mutations.#unsent.keys()];
      readers.queue = (mutations) => mutations.#offline;
    }
  }

  /** Takes back mutation `id` if it was not sent yet; false otherwise. */
  cancel(id: number): boolean {
    const run = this.#unsent.get(id);
    if (!run || this.#context.isDisposed()) return false;
    this.#takeBack(run, cancelledError(run.info.operation, run.info.group));
    return true;
  }

  /** Drops what is held, takes back what is queued, aborts what is in flight, stops re-reads. */
  dispose(): void {
    this.#reconciler.dispose();
    this.#offline.dispose();
    for (const run of [...this.#unsent.values()]) this.#takeBack(run, disposedError('request', undefined));
    this.#requests.abortAll();
  }

  /** Shows a mutation and puts it in its group's line. */
  #issue(info: MutationInfo, id: number): Run {
    const { state, notifier } = this.#context;
    const pending = { ...info, id } as PendingMutation;
    // Every field set here, so that every run has one shape.
    const run: Run = { info: pending, recipe: commandFor(pending).recipe?.(pending), resolve: undefined, reject: undefined, position: undefined };
    this.#context.joinPeers();
    notifier.batch(() => state.enqueue(run));
    notifier.emit({ type: 'start', id, operation: pending.operation, group: pending.group });
    this.#unsent.set(id, run);
    if (this.#lines.join(pending.group, run)) this.#begin(run);
    return run;
  }

  /** Its turn came: it goes in a microtask, with every other one due by then, so a cancel right after the command still finds it. */
  #begin(run: Run): void {
    if (this.#due.push(run) > 1) return;
    queueMicrotask(() => {
      const due = this.#due;
      this.#due = [];
      for (const next of due) this.#go(next);
    });
  }

  /** Held first while offline. */
  #go(run: Run): void {
    const { state, notifier } = this.#context;
    if (run.takenBack) return;
    if (this.#context.environment.isOnline()) return this.#claim(run);
    notifier.batch(() => state.setPaused(run, true));
    this.#offline.hold(run.info.id, () => {
      if (run.takenBack) return; // in the microtask before it resumed
      notifier.batch(() => state.setPaused(run, false));
      this.#claim(run);
    });
  }

  /** Persisted while held: taken out of storage before it goes, so that what is stored was never sent. */
  #claim(run: Run): void {
    if (run.takenBack) return;
    const mine = this.#context.beforeSend?.(run.info) ?? true;
    if (mine === true) return this.#send(run);
    Promise.resolve(mine).then(
      (ok) => run.takenBack || (ok ? this.#send(run) : this.#fail(run, new GroupsError({ code: 'aborted', operation: run.info.operation, group: run.info.group, detail: 'another tab took it over and sends it' }))),
      (error: unknown) => run.takenBack || this.#fail(run, error),
    );
  }

  /** On the wire from here: too late to take back. Its signal is for dispose() to abort, held only while the request runs. */
  #send(run: Run): void {
    const { api, notifier, feed } = this.#context;
    const pending = run.info;
    const { id, operation, group } = pending;
    this.#unsent.delete(id);
    if (this.#context.isDisposed()) return this.#fail(run, disposedError(operation, group));
    const command = commandFor(pending);
    const onRetry = notifier.retryReporter(id, operation, group);
    const position = (run.position = feed?.call('mutation'));
    const controller = this.#requests.take();
    const { signal } = controller;
    let answer: Promise<unknown>;
    try {
      // Inline, not bound to a name: see groupsApi.ts's call.
      answer = position ? position.send((onAnswer) => command.send(api, pending, { signal, onRetry, onAnswer })) : command.send(api, pending, { signal, onRetry });
    } catch (error) {
      answer = Promise.reject(error);
    }
    answer.then(
      (value) => {
        this.#requests.release(controller);
        this.#confirm(run, value);
      },
      (error: unknown) => {
        this.#requests.release(controller);
        this.#fail(run, error);
      },
    );
  }

  /** The server's answer: folded in as its command says, and told; then the group's next mutation goes. */
  #confirm(run: Run, answer: unknown): void {
    const { state, clock, notifier, feed } = this.#context;
    const { id, operation, group } = run.info;
    try {
      if (!this.#context.isDisposed()) {
        const stamp = clock.tick();
        const answered = commandFor(run.info).fold(answer, run.info);
        // Not when the feed told of something newer of the group while the answer was on its way.
        const fold = feed?.confirmed(run.position, group, answered) ?? answered;
        notifier.batch(() => {
          clock.confirmed(stamp);
          state.confirm(run, stamp, fold);
        });
        if (fold.kind === 'merge') {
          // An answer that tells some fields only (a configuration) cannot date the whole group:
          // its layer stays while a read sent after it brings the group as of now (retried like
          // an unknown outcome's re-read); that read tells the other tabs too.
          this.#reconciler.settle(group, stamp, () => notifier.batch(() => state.settleRead(run)));
        } else {
          // What the answer says of the group is news for the other tabs; an answer that says nothing is not.
          const news = fold.kind === 'unchanged' ? undefined : fold.kind === 'absent' ? null : fold.group;
          if (news !== undefined) this.#context.publish({ type: 'group', stamp, name: group, group: news, span: feed?.exactSpan(run.position) });
        }
      }
      notifier.emit({ type: 'success', id, operation, group });
      run.resolve?.(answer);
    } catch (error) {
      run.reject?.(error);
    }
    this.#leave(run);
  }

  /** Takes a mutation back before it is sent: the step it waits in stops, and its failure is told in a microtask. */
  #takeBack(run: Run, error: GroupsError): void {
    run.takenBack = error;
    this.#unsent.delete(run.info.id);
    this.#offline.drop(run.info.id);
    queueMicrotask(() => this.#fail(run, error));
  }

  /**
   * A failure: a refusal rolls back its own layer and shows its error; an
   * outcome the answer cannot tell keeps its change shown until a re-read
   * settles it. Then the group's next mutation goes.
   */
  #fail(run: Run, caught: unknown): void {
    const { state, clock, notifier, feed } = this.#context;
    const { id, operation, group } = run.info;
    this.#unsent.delete(id);
    const error = asGroupsError(caught, operation, group);
    if (run.recipe && !this.#context.isDisposed() && outcomeUnknown(error)) {
      this.#reconcile(run, error);
    } else {
      // A 404 says the group is absent, unless the feed has told of it since (then that stands).
      const absent = feed?.refused(run.position, group, error) ?? true;
      if (!this.#context.isDisposed()) notifier.batch(() => state.fail(run, error, absent ? clock.tick() : Number.NEGATIVE_INFINITY));
      notifier.emit({ type: 'failure', id, operation, group, error });
      if (run.recipe) notifier.emit({ type: 'rollback', id, operation, group });
    }
    run.reject?.(error);
    this.#leave(run);
  }

  /** Its turn is over (or it was taken back): it leaves its group's line, and the next one there goes. */
  #leave(run: Run): void {
    const next = this.#lines.leave(run.info.group, run);
    if (next) this.#begin(next);
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
}
