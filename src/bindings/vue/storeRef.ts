import type { Observable } from 'rxjs';
import { customRef, getCurrentScope, shallowReadonly, shallowRef, watch, type ShallowRef } from 'vue';
import { inServerRender } from './serverRender.js';

/** A ref the caller reads and never writes: assigning `.value` is a type error, and Vue warns at run time. */
export type ReadonlyShallowRef<T> = Readonly<ShallowRef<T>>;

/** Where a store ref takes its value from, for the key it follows. */
export interface StoreSource<K, T> {
  /** The key (a group's name), read reactively: a ref or a getter is followed. */
  readonly key: () => K;
  /** The value now, synchronously. */
  readonly read: (key: K) => T;
  /** The value now at once, then each change (by identity). */
  readonly observe: (key: K) => Observable<T>;
}

/**
 * A read-only shallow ref over one of the store's observables, closed with the
 * current effect scope (a component's setup, or an `effectScope()`).
 *
 * In the page it holds the last value the observable emitted: the store's own
 * object, never made deeply reactive. When the key changes, the old key's
 * subscription is closed and the new key's opened in one synchronous step, so
 * the store never counts more subscriptions than bindings.
 *
 * In a server render it subscribes to nothing and reads the store at each
 * access instead, so data loaded in `onServerPrefetch` is what the page is
 * rendered with. The server never unmounts; what Vue stops after a render
 * differs between releases and renderers (vuejs/core#14548, #14733), so the
 * binding does not count on it.
 */
export function storeRef<K, T>(caller: string, source: StoreSource<K, T>): ReadonlyShallowRef<T> {
  const { key, read, observe } = source;
  if (inServerRender()) {
    const live = customRef<T>(() => ({ get: () => read(key()), set: () => undefined }));
    return shallowReadonly(live);
  }
  if (!getCurrentScope()) {
    console.warn(
      `turso-groups-store/vue: ${caller}() was called outside setup() or an effectScope(), ` +
        'so nothing will close its subscription before store.dispose().',
    );
  }
  const value = shallowRef(read(key()));
  // Sync: the ref shows the new key's value as soon as the key changes, not
  // at the next tick. The watcher belongs to the current scope, and stopping
  // it runs the cleanup, which is what closes the subscription.
  watch(
    key,
    (current, _previous, onCleanup) => {
      const subscription = observe(current).subscribe((next) => {
        value.value = next;
      });
      onCleanup(() => subscription.unsubscribe());
    },
    { immediate: true, flush: 'sync' },
  );
  return shallowReadonly(value);
}
