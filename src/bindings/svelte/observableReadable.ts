import type { Observable } from 'rxjs';
import type { Readable, Subscriber, Unsubscriber } from 'svelte/store';

/**
 * Svelte's store contract over one of the store's observables: `subscribe`
 * calls `run` at once with the current value, then with each value that
 * differs by identity, and returns a plain unsubscribe function.
 *
 * Each subscriber opens its own subscription on the store (nothing is shared
 * or cached here), so `store.observerCount()` counts exactly the `$readable`
 * reads that are live, and closing them brings it back down.
 *
 * `read` covers a disposed store, whose observables complete without a
 * value: `$readable` is still the last state rather than `undefined`, as the
 * store's own `subscribe` does.
 */
export function observableReadable<T>(observe: () => Observable<T>, read: () => T): Readable<T> {
  return {
    subscribe(run: Subscriber<T>): Unsubscriber {
      let delivered = false;
      const subscription = observe().subscribe((value) => {
        delivered = true;
        run(value);
      });
      if (!delivered) run(read());
      return () => subscription.unsubscribe();
    },
  };
}
