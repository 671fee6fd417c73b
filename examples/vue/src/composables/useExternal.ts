import { onScopeDispose, shallowRef, type ShallowRef } from 'vue';

/** A value kept outside Vue that tells its changes, calling a new listener at once: the shared LocationsFeed and Toasts. */
export interface External<T> {
  readonly subscribe: (listener: (value: T) => void) => () => void;
  readonly getSnapshot: () => T;
}

/** The source's value as a ref, for as long as the calling component (or scope) lives. */
export function useExternal<T>(source: External<T>): Readonly<ShallowRef<T>> {
  const ref = shallowRef(source.getSnapshot());
  const stop = source.subscribe((value) => {
    ref.value = value;
  });
  onScopeDispose(stop);
  return ref;
}
