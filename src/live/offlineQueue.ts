import { GroupsError } from '../errors.js';
import { readers } from '../store/inspection.js';
import type { LiveEnvironment } from './environment.js';

interface Held {
  readonly id: number;
  readonly resume: () => void;
}

/**
 * What waits for the network (mutations issued while offline, the re-reads
 * that settle unknown outcomes), held in order until it comes back. Each is let go exactly once, in the order it was held, however
 * many online and focus signals arrive together; one can be dropped before
 * it goes, and dispose() drops them all. It listens to the environment only
 * while it holds something.
 */
export class OfflineQueue {
  readonly #environment: LiveEnvironment;
  readonly #held: Held[] = [];
  #unsubscribe: (() => void) | undefined;

  constructor(environment: LiveEnvironment) {
    this.#environment = environment;
  }

  /** Holds `id` (a mutation's; any number for what the devtools need not tell): `resume` is called once the network is back (in a microtask after the signal), unless it is dropped first. */
  hold(id: number, resume: () => void): void {
    this.#held.push({ id, resume });
    this.#unsubscribe ??= this.#environment.subscribe((signal) => {
      if ((signal === 'online' || signal === 'visible') && this.#environment.isOnline()) this.#releaseAll();
    });
  }

  static {
    // Development builds only: the devtools' reader (see ../store/inspection.ts).
    if (process.env.NODE_ENV !== 'production') readers.held = (queue) => queue.#held.map((held) => held.id);
  }

  /** Drops one held mutation: it will not resume. */
  drop(id: number): void {
    const index = this.#held.findIndex((held) => held.id === id);
    if (index < 0) return;
    this.#held.splice(index, 1);
    this.#stopListeningIfEmpty();
  }

  /** Drops everything held: the store is disposed. */
  dispose(): void {
    this.#held.length = 0;
    this.#stopListeningIfEmpty();
  }

  #releaseAll(): void {
    // Taken out first: a signal that arrives while they resume finds nothing left to send twice.
    const held = this.#held.splice(0);
    this.#stopListeningIfEmpty();
    for (const entry of held) queueMicrotask(entry.resume);
  }

  #stopListeningIfEmpty(): void {
    if (this.#held.length > 0 || !this.#unsubscribe) return;
    this.#unsubscribe();
    this.#unsubscribe = undefined;
  }
}

/** The error a cancelled mutation rejects with. */
export function cancelledError(operation: GroupsError['operation'], group: string): GroupsError {
  return new GroupsError({ code: 'aborted', operation, group, detail: 'cancelled before it was sent' });
}
