import type { PersistStorage } from '../store/persistOption.js';

/**
 * How long, in ms, an asynchronous storage may take to answer before it
 * counts as failed: a held mutation waits for storage before it is sent, so a
 * storage that never answers must not hold it forever.
 */
export const STORAGE_TIMEOUT_MS = 10_000;

/** A value now, or a promise of it: a storage may be synchronous (localStorage) or not (IndexedDB). */
export type MaybePromise<T> = T | Promise<T>;

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null | undefined)?.then === 'function';
}

/** `next(value)`, at once when `value` is there, or when its promise settles. */
export function andThen<T, R>(value: MaybePromise<T>, next: (value: T) => MaybePromise<R>): MaybePromise<R> {
  return isThenable(value) ? Promise.resolve(value).then(next) : next(value);
}

/**
 * The persister's storage, called so that nothing it does can break the
 * store: the first method that throws or rejects (a full storage, private
 * mode, a closed database) or does not answer within {@link STORAGE_TIMEOUT_MS}
 * turns it off — every later call does nothing and loads nothing — and
 * `failed` hears of it, once. A synchronous storage stays synchronous.
 */
export class GuardedStorage {
  readonly #storage: PersistStorage;
  readonly #failed: (cause: unknown) => void;
  #off = false;

  constructor(storage: PersistStorage, failed: (cause: unknown) => void) {
    this.#storage = storage;
    this.#failed = failed;
  }

  /** Whether it is off (it failed, or was turned off). */
  get off(): boolean {
    return this.#off;
  }

  load(key: string): MaybePromise<string | undefined> {
    return this.#call((storage) => storage.load(key), (text) => (typeof text === 'string' ? text : undefined));
  }

  save(key: string, value: string): MaybePromise<void> {
    return this.#call((storage) => storage.save(key, value), () => undefined);
  }

  remove(key: string): MaybePromise<void> {
    return this.#call((storage) => storage.remove(key), () => undefined);
  }

  /**
   * Removes `key` even when off, and turns it off: clearing must not leave
   * data behind because a write failed before. A failure rejects, for the
   * caller of `clearPersisted()` to see.
   */
  async clear(key: string): Promise<void> {
    this.#off = true;
    await this.#storage.remove(key);
  }

  #call<T, R>(call: (storage: PersistStorage) => T | Promise<T>, read: (value: T) => R | undefined): MaybePromise<R | undefined> {
    if (this.#off) return undefined;
    try {
      const result = call(this.#storage);
      if (!isThenable(result)) return read(result as T);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`the storage did not answer within ${STORAGE_TIMEOUT_MS} ms`)), STORAGE_TIMEOUT_MS);
      });
      return Promise.race([Promise.resolve(result), timedOut]).then(
        (value) => {
          clearTimeout(timer);
          return read(value as T);
        },
        (error: unknown) => {
          clearTimeout(timer);
          this.#fail(error);
          return undefined;
        },
      );
    } catch (error) {
      this.#fail(error);
      return undefined;
    }
  }

  #fail(cause: unknown): void {
    if (this.#off) return;
    this.#off = true;
    this.#failed(cause);
  }
}
