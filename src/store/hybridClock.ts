/**
 * The store's hybrid logical clock: stamps are microseconds of `now`, kept
 * strictly increasing, and merged with every stamp a peer tab sends. Within
 * one store that is the order things happen in; across the tabs of one
 * browser, which share a wall clock, it orders what each learnt, so a peer's
 * message replaces only what the receiving tab learnt before it.
 *
 * It also remembers the stamp of the latest confirmation learnt (a mutation's
 * answer, a peer's confirmed group, an unknown outcome found made): a read
 * sent before it may no longer be joined by a new caller.
 */
export class HybridClock {
  readonly #now: () => number;
  #last = 0;
  #lastConfirmed = 0;

  constructor(now: () => number) {
    this.#now = now;
  }

  /** The wall clock, in ms (the store's `now` option). */
  now(): number {
    return this.#now();
  }

  /** The next stamp: microseconds of `now`, or one more than the last, whichever is later. */
  tick(): number {
    this.#last = Math.max(this.#last + 1, this.wallStamp(this.#now()));
    return this.#last;
  }

  /** A wall-clock time (ms) as a stamp; 0 for a time that is not finite. */
  wallStamp(ms: number): number {
    return Number.isFinite(ms) ? Math.max(0, Math.floor(ms * 1000)) : 0;
  }

  /** A peer's stamp: every later tick comes after it. */
  merge(stamp: number): void {
    this.#last = Math.max(this.#last, stamp);
  }

  /** The stamp of the latest confirmation learnt. */
  get lastConfirmed(): number {
    return this.#lastConfirmed;
  }

  /** A confirmation was learnt at `stamp`. */
  confirmed(stamp: number): void {
    this.#lastConfirmed = Math.max(this.#lastConfirmed, stamp);
  }
}
