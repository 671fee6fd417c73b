import { MAX_DELAY_MS } from '../input/maxDelay.js';
import { nextPolls, readers } from '../store/inspection.js';
import type { EnvironmentSignal, LiveEnvironment } from './environment.js';

/** When the store refreshes its list by itself. Every field has a default; see `GroupsStoreOptions`. */
export interface RefreshOptions {
  readonly staleTime: number;
  readonly refetchInterval: number | false;
  readonly refetchIntervalInBackground: boolean;
  readonly refetchOnFocus: boolean;
  readonly refetchOnReconnect: boolean;
  readonly maxPollBackoff: number;
}

/** What the policy asks of the store. */
export interface RefreshHost {
  /** Whether the list is older than `staleTime` (or was never loaded). */
  isStale(): boolean;
  /** A background list refresh; rejects with the failure (its `retryAfterMs` is honoured). */
  refresh(): Promise<unknown>;
  /** Whether this tab is the one that polls (always true without cross-tab sync). */
  isPoller(): boolean;
  /** The interval to poll at now, when something (a connected change feed) slows it. @default refetchInterval */
  interval?(): number | false;
}

/** What the refresh policy is doing (for the devtools). */
export interface PollingInspection {
  /** The poll interval in ms now (a connected change feed slows it); false when the store does not poll. */
  readonly interval: number | false;
  /** Whether anything observes the store: polling and focus refreshes run only then. */
  readonly observed: boolean;
  /** Whether a background refresh is in flight. */
  readonly inFlight: boolean;
  /** Background refreshes failed in a row: the next wait backs off with them. */
  readonly failures: number;
  /** What the last failure's `Retry-After` asked for, in ms. */
  readonly retryAfterMs: number | undefined;
  /** When the next poll is due, in ms of `Date.now()` (the timers' clock); `undefined` when none is scheduled. */
  readonly nextAt: number | undefined;
}

/**
 * The wait before the next poll after `failures` failures in a row: the
 * interval doubling per failure, capped, but never shorter than the interval
 * (a cap below it, even 0, would otherwise poll a failing server in a loop)
 * nor than what the server asked for with `Retry-After`, up to the longest
 * wait a timer keeps (a longer `Retry-After` would otherwise make the timer
 * fire at once).
 */
export function pollDelay(interval: number, failures: number, cap: number, retryAfterMs: number | undefined): number {
  const backoff = failures === 0 ? interval : Math.max(interval, Math.min(cap, interval * 2 ** Math.min(failures, 30)));
  return Math.min(MAX_DELAY_MS, Math.max(backoff, retryAfterMs ?? 0));
}

/**
 * Decides when the store refreshes its list by itself: polling while the
 * store is observed (and the page visible, unless asked otherwise), on focus
 * and on reconnect when the data is stale, backing off after failures. It
 * owns its timer and its environment subscription, both held only while
 * observed; it never has two refreshes in flight.
 */
export class RefreshPolicy {
  readonly #options: RefreshOptions;
  readonly #environment: LiveEnvironment;
  readonly #host: RefreshHost;
  #observed = false;
  #unsubscribe: (() => void) | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #inFlight = false;
  #failures = 0;
  #retryAfterMs: number | undefined;

  constructor(options: RefreshOptions, environment: LiveEnvironment, host: RefreshHost) {
    this.#options = options;
    this.#environment = environment;
    this.#host = host;
  }

  /** Starts or stops everything it does: called when the store gains its first observer or loses its last. */
  setObserved(observed: boolean): void {
    if (observed === this.#observed) return;
    this.#observed = observed;
    if (observed) {
      this.#unsubscribe = this.#environment.subscribe((signal) => this.#onSignal(signal));
      this.#schedule();
    } else {
      this.#unsubscribe?.();
      this.#unsubscribe = undefined;
      this.#clearTimer();
    }
  }

  /** Polling may start or stop being this tab's job: reconsider the timer. */
  pollerChanged(): void {
    if (!this.#observed) return;
    this.#clearTimer();
    // A store that does not poll holds the lock to listen to a change feed: nothing to refresh here.
    if (this.#interval() !== false && this.#host.isPoller() && this.#host.isStale()) void this.#run();
    else this.#schedule();
  }

  /** The host's interval changed (a change feed connected or dropped): the next poll is planned anew, from now. */
  intervalChanged(): void {
    if (!this.#observed) return;
    this.#clearTimer();
    this.#schedule();
  }

  dispose(): void {
    this.setObserved(false);
  }

  static {
    // Development builds only: the devtools' reader (see ../store/inspection.ts).
    if (process.env.NODE_ENV !== 'production') {
      readers.polling = (policy) => ({
        interval: policy.#interval(),
        observed: policy.#observed,
        inFlight: policy.#inFlight,
        failures: policy.#failures,
        retryAfterMs: policy.#retryAfterMs,
        nextAt: policy.#timer === undefined ? undefined : nextPolls.get(policy),
      });
    }
  }

  #onSignal(signal: EnvironmentSignal): void {
    const options = this.#options;
    if (signal === 'visible') {
      if (options.refetchOnFocus && this.#host.isStale()) void this.#run();
      else this.#schedule(); // polling paused while hidden resumes
    } else if (signal === 'online') {
      if (options.refetchOnReconnect && this.#host.isStale()) void this.#run();
      else this.#schedule();
    }
  }

  /** Whether a poll may run now; when not, the next signal or schedule decides. */
  #mayPoll(): boolean {
    const environment = this.#environment;
    return (
      this.#interval() !== false &&
      this.#host.isPoller() &&
      environment.isOnline() &&
      (this.#options.refetchIntervalInBackground || environment.isVisible())
    );
  }

  #schedule(): void {
    const interval = this.#interval();
    if (!this.#observed || this.#inFlight || interval === false || this.#timer !== undefined) return;
    if (!this.#mayPoll()) return; // hidden, offline or not this tab's job: a signal wakes it
    const delay = pollDelay(interval, this.#failures, this.#options.maxPollBackoff, this.#retryAfterMs);
    if (process.env.NODE_ENV !== 'production') nextPolls.set(this, Date.now() + delay);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (this.#mayPoll()) void this.#run();
    }, delay);
  }

  async #run(): Promise<void> {
    if (this.#inFlight || !this.#environment.isOnline()) return;
    this.#clearTimer();
    this.#inFlight = true;
    try {
      await this.#host.refresh();
      this.#failures = 0;
      this.#retryAfterMs = undefined;
    } catch (error) {
      this.#failures += 1;
      const retryAfterMs = (error as { retryAfterMs?: unknown } | null)?.retryAfterMs;
      this.#retryAfterMs = typeof retryAfterMs === 'number' ? retryAfterMs : undefined;
    } finally {
      this.#inFlight = false;
    }
    this.#schedule();
  }

  #interval(): number | false {
    return this.#host.interval?.() ?? this.#options.refetchInterval;
  }

  #clearTimer(): void {
    if (this.#timer === undefined) return;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
