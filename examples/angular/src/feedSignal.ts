import { DestroyRef, inject, signal, type Signal } from '@angular/core';

/** What the shared Toasts and LocationsFeed offer: a snapshot, and a subscribe that calls the listener at once and on each change. */
export interface Feed<T> {
  readonly getSnapshot: () => T;
  readonly subscribe: (listener: (value: T) => void) => () => void;
}

/**
 * `feed`'s value as a read-only signal, subscribed while the calling
 * component lives (its DestroyRef). Call it where `inject()` works.
 */
export function feedSignal<T>(feed: Feed<T>): Signal<T> {
  const value = signal(feed.getSnapshot());
  inject(DestroyRef).onDestroy(feed.subscribe((next) => value.set(next)));
  return value.asReadonly();
}
