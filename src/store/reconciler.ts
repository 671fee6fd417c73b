import type { GroupsError } from '../errors.js';
import type { LiveEnvironment } from '../live/environment.js';
import { OfflineQueue } from '../live/offlineQueue.js';
import { pollDelay } from '../live/refreshPolicy.js';

/** The first wait before a failed re-read is tried again, in ms; it doubles per failure up to the store's `maxPollBackoff`. */
const FIRST_RETRY_MS = 1_000;

/**
 * Settles mutations whose outcome is unknown by re-reading their group until
 * a read answers: at once when online, when the network comes back when not,
 * and after a failed read with the store's backoff (doubling, capped by
 * `maxPollBackoff`, never below what `Retry-After` asked). It owns its
 * timers and its environment subscription; {@link dispose} ends them all.
 */
export class Reconciler {
  readonly #environment: LiveEnvironment;
  readonly #maxBackoff: number;
  /** Sends a read of the group (or joins one sent after `notBefore`, a stamp) and folds its answer in; rejects with its failure. */
  readonly #reread: (name: string, notBefore: number) => Promise<unknown>;
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  /** Re-reads waiting for the network. */
  readonly #offline: OfflineQueue;
  #disposed = false;

  constructor(environment: LiveEnvironment, maxBackoff: number, reread: (name: string, notBefore: number) => Promise<unknown>) {
    this.#environment = environment;
    this.#maxBackoff = maxBackoff;
    this.#reread = reread;
    this.#offline = new OfflineQueue(environment);
  }

  /** Re-reads `name` with reads sent after `notBefore` until one answers, then calls `settled` (never after dispose). */
  settle(name: string, notBefore: number, settled: () => void): void {
    const attempt = (failures: number): void => {
      if (this.#disposed) return;
      if (!this.#environment.isOnline()) {
        this.#offline.hold(0, () => attempt(failures));
        return;
      }
      this.#reread(name, notBefore).then(
        () => {
          if (!this.#disposed) settled();
        },
        (error: GroupsError) => {
          if (this.#disposed) return;
          const wait = pollDelay(FIRST_RETRY_MS, failures, this.#maxBackoff, error.retryAfterMs);
          const timer = setTimeout(() => {
            this.#timers.delete(timer);
            attempt(failures + 1);
          }, wait);
          this.#timers.add(timer);
        },
      );
    };
    attempt(0);
  }

  dispose(): void {
    this.#disposed = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#offline.dispose();
  }
}
