import type { FeedPosition } from '../live/feedMessage.js';

/**
 * Where a confirmed value sits in the feed's numbering: it reflects every
 * change numbered up to `lower`, none numbered after `upper` (`Infinity`:
 * unknown, an answer that carried no position), and may or may not reflect
 * those in between.
 */
export interface FeedInterval {
  readonly lower: number;
  readonly upper: number;
}

/** What to do with a pushed change. */
export type FeedDecision = 'ignore' | 'apply' | 'reread';

const NOTHING: FeedInterval = Object.freeze({ lower: 0, upper: 0 });

function merge(a: FeedInterval, b: FeedInterval): FeedInterval {
  if (b.lower <= a.lower && b.upper <= a.upper) return a;
  return { lower: Math.max(a.lower, b.lower), upper: Math.max(a.upper, b.upper) };
}

const same = (a: FeedInterval, b: FeedInterval): boolean => a.lower === b.lower && a.upper === b.upper;

/**
 * The feed positions of the store's confirmed groups, within one epoch, and
 * the rule that folds a pushed change by them (no I/O, no clock: it is
 * told what happened). Per group an interval [lower, upper], merged by max:
 * - a read (list or retrieve) sent when every change up to `r` was known to
 *   be on the server, answered with position `a`: [r, a] for each group it
 *   names (a list: for every group, named or absent);
 * - the store's own confirmed mutation, answered with position `m`: [m, m];
 * - an applied change `s`: [s, s].
 * A change `s` of group g is then: reflected already (`s <= lower`:
 * ignore), newer than anything known of g (`s > upper`: apply its data), or
 * undecidable (in between, or a change that carries no data: re-read g).
 *
 * `known` is the `r` a read sent now gets: the newest position the store
 * knows the server had reached — the highest change, hello or answer
 * position received. Every change numbered up to it was made upstream
 * before the proxy numbered it, so before this store heard of it, so
 * before any read it sends next.
 */
export class FeedPositions {
  #epoch: string | undefined;
  #known = 0;
  /** What the last list said of every group; groups with an entry in #groups know more. */
  #list: FeedInterval = NOTHING;
  readonly #groups = new Map<string, FeedInterval>();

  /** The numbering these positions are in (`undefined` until one is met). */
  get epoch(): string | undefined {
    return this.#epoch;
  }

  get known(): number {
    return this.#known;
  }

  /** The position a read sent now starts from, in this epoch. */
  get now(): FeedPosition | undefined {
    return this.#epoch === undefined ? undefined : { epoch: this.#epoch, seq: this.#known };
  }

  /** Whether anything has been recorded in this epoch (a read's answer, a confirmation, a change). */
  get holdsAny(): boolean {
    return this.#list !== NOTHING || this.#groups.size > 0;
  }

  /** The interval of every group without one of its own: the last lists'. */
  get listed(): FeedInterval {
    return this.#list;
  }

  interval(name: string): FeedInterval {
    return this.#groups.get(name) ?? this.#list;
  }

  /** Starts over in `epoch`: nothing known of any group in it, nothing received. */
  reset(epoch: string): void {
    this.#epoch = epoch;
    this.#known = 0;
    this.#list = NOTHING;
    this.#groups.clear();
  }

  /**
   * Positions after `seq` are unknown from now on (a reload): groups keep
   * their intervals (a change older than them is still reflected), and
   * reads sent from now on start at `seq`.
   */
  reached(position: FeedPosition): void {
    if (position.epoch === this.#epoch) this.#known = Math.max(this.#known, position.seq);
  }

  /**
   * A read, sent at `sent` (the position {@link now} gave then), answered
   * at `answer`; `name` is the group it read, or `undefined` for the list.
   * `kept` names the groups whose value the read did not replace (the store
   * learnt something of them after the read was sent): what is held of
   * those is not the read's, so only their `upper` can grow.
   */
  read(name: string | undefined, sent: FeedPosition | undefined, answer: FeedPosition | undefined, kept?: ReadonlySet<string>): void {
    if (answer) this.reached(answer);
    const interval = { lower: this.#seqIn(sent, 0), upper: this.#seqIn(answer, Number.POSITIVE_INFINITY) };
    const upperOnly = (current: FeedInterval): FeedInterval => ({ lower: current.lower, upper: Math.max(current.upper, interval.upper) });
    if (name !== undefined) {
      this.#merge(name, kept?.has(name) ? upperOnly(this.interval(name)) : interval);
      return;
    }
    const before = kept === undefined ? [] : [...kept].map((group) => [group, upperOnly(this.interval(group))] as const);
    this.#list = merge(this.#list, interval);
    for (const [group, current] of this.#groups) {
      const next = merge(current, interval);
      // An entry that says no more than the list's interval is dropped.
      if (same(next, this.#list)) this.#groups.delete(group);
      else if (next !== current) this.#groups.set(group, next);
    }
    for (const [group, held] of before) this.#groups.set(group, held);
  }

  /**
   * The store's own mutation of `name` was confirmed with `answer`: that
   * value is exactly as of its position. Returns false when the store holds
   * something newer of the group (a change or a read that reflects a later
   * position): the answer's value must not replace it.
   */
  confirmed(name: string, answer: FeedPosition | undefined): boolean {
    if (answer) this.reached(answer);
    const seq = this.#seqIn(answer, undefined);
    if (seq === undefined) {
      // Not numbered here: whatever is pushed of the group next cannot be placed before or after it.
      this.#merge(name, { lower: 0, upper: Number.POSITIVE_INFINITY });
      return true;
    }
    const current = this.interval(name);
    this.#merge(name, { lower: seq, upper: seq });
    return seq >= current.lower;
  }

  /**
   * A mutation of `name` was refused because the group is absent (a 404),
   * sent at `sent` and answered at `answer`: `apply` that absence when it is
   * no older than what is held of the group (and record it as a read),
   * `ignore` it when what is held reflects a later position, `reread` when
   * the two cannot be ordered.
   */
  absent(name: string, sent: FeedPosition | undefined, answer: FeedPosition | undefined): FeedDecision {
    const { lower } = this.interval(name);
    const answered = this.#seqIn(answer, Number.POSITIVE_INFINITY);
    if (answered < lower) return 'ignore';
    if (this.#seqIn(sent, 0) < lower) return 'reread';
    this.read(name, sent, answer);
    return 'apply';
  }

  /** What to do with change `seq` (of this epoch) of group `name`; `stale` carries no data. */
  decide(name: string, seq: number, stale: boolean): FeedDecision {
    const { lower, upper } = this.interval(name);
    // `stale` at exactly `lower` may be the event of the store's own answer, published without its
    // data because another change of the group was in flight with it: that answer's value is not
    // known to be as of its position, so it is read again.
    if (seq < lower || (seq === lower && !stale)) return 'ignore';
    if (stale || seq <= upper) return 'reread';
    return 'apply';
  }

  /** Change `seq` of group `name` was applied as data: the group is known as of it. */
  applied(name: string, seq: number): void {
    this.#merge(name, { lower: seq, upper: seq });
  }

  /** The groups with a position of their own whose `lower` passes `test` (the others share the list's). */
  namesHeldPast(test: (lower: number) => boolean): Set<string> {
    const names = new Set<string>();
    for (const [name, interval] of this.#groups) if (test(interval.lower)) names.add(name);
    return names;
  }

  #merge(name: string, interval: FeedInterval): void {
    const current = this.interval(name);
    const next = merge(current, interval);
    if (next !== current) this.#groups.set(name, next);
  }

  /** `position`'s seq when it is of this epoch, else `fallback`. */
  #seqIn<T>(position: FeedPosition | undefined, fallback: T): number | T {
    return position !== undefined && position.epoch === this.#epoch ? position.seq : fallback;
  }
}
