import { Observable, Subject } from 'rxjs';
import type { Group } from '../api/group.js';
import type { GroupsOperation } from '../errors.js';
import type { TransportRetry } from '../transport/transport.js';
import type { GroupMeta } from './groupMeta.js';
import type { GroupsSnapshot } from './groupsStore.js';
import type { StoreState } from './storeState.js';
import type { ListStatus } from './listStatus.js';
import type { StoreEvent } from './storeEvent.js';
import { KeyedChannels, ValueChannel } from './valueChannel.js';

/**
 * Notification rounds: the only place that emits. State transitions run in
 * {@link batch}; when the outermost batch ends, each observable is told once
 * of what changed, one round at a time, and `events$` subscribers are told
 * of events in order — a command issued by a subscriber never nests a round
 * or an event inside the one being told.
 */
export class Notifier {
  readonly #state: StoreState;
  #depth = 0;
  #flushing = false;
  #closed = false;
  readonly #eventQueue: StoreEvent[] = [];
  #snapshot: GroupsSnapshot | undefined;
  readonly #groups: ValueChannel<readonly Group[]>;
  readonly #status: ValueChannel<ListStatus>;
  readonly #snapshots: ValueChannel<GroupsSnapshot>;
  readonly #group: KeyedChannels<Group | undefined>;
  readonly #meta: KeyedChannels<GroupMeta>;
  readonly #events = new Subject<StoreEvent>();
  #eventObservers = 0;
  readonly #told: (() => void) | undefined;

  readonly groups$: Observable<readonly Group[]>;
  readonly status$: Observable<ListStatus>;
  readonly snapshots$: Observable<GroupsSnapshot>;
  readonly events$: Observable<StoreEvent>;

  /**
   * `observed` is called whenever a data observable gains or loses a
   * subscriber; `told`, after the rounds of a flush that changed something
   * (persistence saves then).
   */
  constructor(state: StoreState, observed: () => void, told?: () => void) {
    this.#state = state;
    this.#told = told;
    this.#groups = new ValueChannel(() => state.list(), observed);
    this.#status = new ValueChannel(() => state.status, observed);
    this.#snapshots = new ValueChannel(() => this.snapshot(), observed);
    this.#group = new KeyedChannels((name) => state.shown(name), observed);
    this.#meta = new KeyedChannels((name) => state.meta(name), observed);
    this.groups$ = this.#groups.observable;
    this.status$ = this.#status.observable;
    this.snapshots$ = this.#snapshots.observable;
    this.events$ = new Observable<StoreEvent>((subscriber) => {
      this.#eventObservers += 1;
      const subscription = this.#events.subscribe(subscriber);
      return () => {
        this.#eventObservers -= 1;
        subscription.unsubscribe();
      };
    });
  }

  group$(name: string): Observable<Group | undefined> {
    return this.#group.observable(name);
  }

  meta$(name: string): Observable<GroupMeta> {
    return this.#meta.observable(name);
  }

  /** The state as one immutable value: the same object until something changes. */
  snapshot(): GroupsSnapshot {
    const state = this.#state;
    this.#snapshot ??= Object.freeze({ groups: state.list(), status: state.status, meta: state.metaMap() });
    return this.#snapshot;
  }

  /** Subscriptions to the data observables (not `events$`). */
  get dataObservers(): number {
    return this.#groups.size + this.#status.size + this.#snapshots.size + this.#group.size + this.#meta.size;
  }

  get eventObservers(): number {
    return this.#eventObservers;
  }

  /** Runs `fn`, then tells each observable once of what changed. */
  batch<T>(fn: () => T): T {
    this.#depth += 1;
    try {
      return fn();
    } finally {
      this.#depth -= 1;
      if (this.#depth === 0) this.#flush();
    }
  }

  /** Tells `events$` subscribers, in order: an event raised while one is being told waits its turn. */
  emit(event: StoreEvent): void {
    if (this.#closed) return;
    const queue = this.#eventQueue;
    // Nobody listens and no event is being told: this one would reach no one (every read and command
    // raises two, and rxjs's Subject would still wrap each call in a closure).
    if (this.#eventObservers === 0 && queue.length === 0) return;
    queue.push(event);
    if (queue.length > 1) return; // an earlier event is being told; the loop below tells this one after
    while (queue.length > 0 && !this.#closed) {
      this.#events.next(queue[0] as StoreEvent);
      queue.shift();
    }
  }

  /** What tells `events$` of each retry the transport makes for command `id`. */
  retryReporter(id: number, operation: GroupsOperation, group: string | undefined): (retry: TransportRetry) => void {
    return ({ attempt, reason, waitMs }) => this.emit({ type: 'retry', id, operation, group, attempt, reason, waitMs });
  }

  /** Completes every observable; nothing is told after. */
  close(): void {
    this.#closed = true;
    this.#groups.complete();
    this.#status.complete();
    this.#snapshots.complete();
    this.#group.complete();
    this.#meta.complete();
    this.#events.complete();
    this.#eventQueue.length = 0;
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
    let changed = false;
    try {
      while (!this.#closed) {
        const changes = this.#state.commit();
        if (!changes) break;
        changed = true;
        this.#snapshot = undefined;
        if (changes.allGroups) this.#group.emitAll();
        else for (const name of changes.groups) this.#group.emit(name);
        for (const name of changes.meta) this.#meta.emit(name);
        if (changes.list) this.#groups.emit();
        if (changes.status) this.#status.emit();
        this.#snapshots.emit();
      }
    } finally {
      this.#flushing = false;
      if (changed) this.#told?.();
    }
  }
}
