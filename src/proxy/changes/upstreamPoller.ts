import type { Group } from '../../api/group.js';
import type { ChangeBus } from './changeBus.js';
import { pollChanges } from './knownGroups.js';

export interface UpstreamPollerOptions {
  readonly org: string;
  readonly bus: ChangeBus;
  /** Milliseconds between two polls. */
  readonly interval: number;
  /** This instance's name in the poll lock. */
  readonly holder: string;
  /** Reads the upstream's list; `undefined` when it failed (the proxy reported why). */
  readonly list: () => Promise<readonly Group[] | undefined>;
  readonly onError: (detail: string, cause: unknown) => void;
}

/** A timer that does not keep a Node process alive on its own. */
function unref(timer: ReturnType<typeof setTimeout>): void {
  if (typeof timer === 'object' && timer !== null && 'unref' in timer) timer.unref();
}

/**
 * The upstream poll of one organization: runs only while a browser listens
 * on this instance, and polls only while it holds the organization's poll
 * lock on the bus, so that one instance polls however many listen. The
 * lock outlives two intervals: an instance that dies loses it then, and the
 * next instance with listeners takes it over at its next tick.
 */
export class UpstreamPoller {
  readonly #options: UpstreamPollerOptions;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #listening = false;
  #lastPollAt = -Infinity;
  #holding = false;

  constructor(options: UpstreamPollerOptions) {
    this.#options = options;
  }

  /** Starts polling when the first browser listens, stops when the last leaves. */
  setListening(listening: boolean): void {
    if (listening === this.#listening) return;
    this.#listening = listening;
    if (listening) {
      // Not sooner than an interval after the last poll: browsers coming and going do not make polls.
      this.#schedule(Math.max(0, this.#lastPollAt + this.#options.interval - Date.now()));
      return;
    }
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#release();
  }

  #schedule(delay: number): void {
    this.#timer = setTimeout(() => void this.#tick(), delay);
    unref(this.#timer);
  }

  async #tick(): Promise<void> {
    this.#timer = undefined;
    this.#lastPollAt = Date.now();
    try {
      await this.#poll();
    } catch (cause) {
      this.#options.onError('the upstream poll failed', cause);
    }
    if (this.#listening) {
      if (this.#timer === undefined) this.#schedule(this.#options.interval);
    } else this.#release();
  }

  /** Gives the lock up (the last browser left), so another instance need not wait for it to expire. */
  #release(): void {
    if (!this.#holding) return;
    this.#holding = false;
    const { bus, org, holder } = this.#options;
    bus.releasePollLock(org, holder).catch((cause: unknown) => this.#options.onError('the poll lock could not be released', cause));
  }

  async #poll(): Promise<void> {
    const { bus, org, holder, interval, list } = this.#options;
    this.#holding = await bus.acquirePollLock(org, holder, 2 * interval + 1_000);
    if (!this.#holding || !this.#listening) return;
    // What the list can reflect begins here: an event numbered after it may be newer than the list.
    const sentAt = await bus.current(org);
    const groups = await list();
    if (groups === undefined) return;
    const state = await bus.pollState(org);
    // The first poll only records: without a list before it, nothing can be called a change.
    if (state !== undefined) for (const change of pollChanges(state.known, groups)) await bus.publish(org, change, { unlessChangedAfter: sentAt });
    await bus.recordPoll(org, groups, sentAt);
  }
}
