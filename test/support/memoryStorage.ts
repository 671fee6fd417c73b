import { createPersister, type Persister, type PersistStorage } from '../../src/persist/index.js';

/**
 * A storage in memory, shared by the stores (the "tabs" and "visits") of a
 * test as one origin's localStorage is: every call is logged, it can answer
 * later (as IndexedDB does), and it can fail (as a full or private-mode
 * storage does).
 */
export class MemoryStorage implements PersistStorage {
  readonly entries = new Map<string, string>();
  /** Every call, as "load key", "save key", "remove key". */
  readonly calls: string[] = [];
  /** Answers through a promise resolved when the test calls `answer()`, not at once. */
  deferred = false;
  /** Each method throws this instead of answering, when set. */
  failWith: ((method: 'load' | 'save' | 'remove') => unknown) | undefined;
  readonly #waiting: Array<() => void> = [];

  load(key: string): string | undefined | Promise<string | undefined> {
    return this.#answer('load', key, () => this.entries.get(key));
  }

  save(key: string, value: string): void | Promise<void> {
    return this.#answer('save', key, () => void this.entries.set(key, value));
  }

  remove(key: string): void | Promise<void> {
    return this.#answer('remove', key, () => void this.entries.delete(key));
  }

  /** Answers every deferred call so far, in order. */
  answer(): void {
    for (const resolve of this.#waiting.splice(0)) resolve();
  }

  persister(): Persister {
    return createPersister(this);
  }

  #answer<T>(method: 'load' | 'save' | 'remove', key: string, act: () => T): T | Promise<T> {
    this.calls.push(`${method} ${key}`);
    const failure = this.failWith?.(method);
    if (!this.deferred) {
      if (failure !== undefined) throw failure;
      return act();
    }
    return new Promise<T>((resolve, reject) => {
      this.#waiting.push(() => (failure !== undefined ? reject(failure) : resolve(act())));
    });
  }
}

/** Lets queued microtasks (and the promise chains they start) run. */
export async function settle(turns = 20): Promise<void> {
  for (let i = 0; i < turns; i++) await Promise.resolve();
}

/** Lets the event loop turn (real timers) until `done()` holds, at most `turns` times; returns whether it did. */
export async function until(done: () => boolean, turns = 200): Promise<boolean> {
  for (let i = 0; i < turns && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 0));
  return done();
}
