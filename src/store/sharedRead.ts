import { GroupsError, type GroupsOperation } from '../api/groupsError.js';

/**
 * One read shared by every caller that asked for it while it was in flight.
 * Each caller may give up with its own signal; the request itself is aborted
 * only when every caller has given up (or the store is disposed), so an
 * unmounted view never leaves a request running for nobody.
 */
export class SharedRead<T> {
  readonly promise: Promise<T>;
  readonly #controller = new AbortController();
  #callers = 0;

  constructor(
    /** The logical time it was sent at. */
    readonly sentAt: number,
    private readonly operation: GroupsOperation,
    private readonly group: string | undefined,
    start: (signal: AbortSignal) => Promise<T>,
    storeSignal: AbortSignal,
  ) {
    const onStoreAbort = (): void => this.#controller.abort();
    storeSignal.addEventListener('abort', onStoreAbort, { once: true });
    this.promise = start(this.#controller.signal).finally(() => storeSignal.removeEventListener('abort', onStoreAbort));
  }

  join(signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) return Promise.reject(this.#aborted());
    this.#callers += 1;
    if (!signal) return this.promise;
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => {
        this.#leave();
        reject(this.#aborted());
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  #leave(): void {
    this.#callers -= 1;
    if (this.#callers === 0) this.#controller.abort();
  }

  #aborted(): GroupsError {
    return new GroupsError({ code: 'aborted', operation: this.operation, group: this.group, detail: 'aborted' });
  }
}
