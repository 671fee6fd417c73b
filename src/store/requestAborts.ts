/** How many requests share one AbortController at most: Node warns when more than 10 listeners wait on one signal. */
const SHARED_BY = 8;

/**
 * The abort signals of requests that are only ever aborted all together,
 * when the store is disposed (the mutations', and the reads no caller can
 * abort). Making a signal costs about 2 µs in Node, as much as the rest of a
 * command's bookkeeping, so requests share a controller, a few at a time: a
 * transport may add a listener to its request's signal, and Node warns past
 * 10 on one signal.
 */
export class RequestAborts {
  /**
   * The controller the next request takes, and how many took it already: a
   * controller serves 8 requests in all, never more, so that even a transport
   * that leaves its listeners on the signal never puts more than 8 on one.
   */
  #current: AbortController | undefined;
  #takers = 0;
  /** The controllers of the requests in flight, with how many of them hold each. */
  readonly #held = new Map<AbortController, number>();

  /** A controller for one request, to be handed back with {@link release} when it ends. */
  take(): AbortController {
    if (this.#current === undefined || this.#takers === SHARED_BY) {
      this.#current = new AbortController();
      this.#takers = 0;
    }
    const controller = this.#current;
    this.#takers += 1;
    this.#held.set(controller, (this.#held.get(controller) ?? 0) + 1);
    return controller;
  }

  release(controller: AbortController): void {
    const holders = (this.#held.get(controller) ?? 1) - 1;
    if (holders > 0) this.#held.set(controller, holders);
    else this.#held.delete(controller);
  }

  /** Aborts every request in flight. */
  abortAll(): void {
    this.#current = undefined;
    for (const controller of [...this.#held.keys()]) controller.abort();
  }
}
