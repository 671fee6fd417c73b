import { computed, DestroyRef, effect, isSignal, signal, untracked, type Injector, type Signal } from '@angular/core';
import type { Observable, Subscription } from 'rxjs';
import type { GroupsStore } from '../../index.js';

/** Where a store signal takes its value from, for the key it follows. */
export interface StoreSource<K, T> {
  /** The value now, synchronously. */
  readonly read: (store: GroupsStore, key: K) => T;
  /** The value now at once, then each change (by identity). */
  readonly observe: (store: GroupsStore, key: K) => Observable<T>;
}

/** What the store last told of, and for which key. */
interface Told<K, T> {
  readonly key: K;
  readonly value: T;
}

/**
 * A read-only signal over one of the store's observables, closed with the
 * injector's `DestroyRef` (a component's, or an environment injector's).
 *
 * Its value is read from the store synchronously, so the first render, the
 * server's included, shows what the store holds; the subscription only says
 * when it changed. The store's observables emit only when the value changed
 * by identity, and the signal compares by identity too, so a template that
 * reads it is checked again only when what it shows changed.
 *
 * A key that is a signal (a component's `input()`) is followed: the value is
 * the new key's as soon as it is read, and an effect moves the subscription
 * over, closing the old key's before opening the new one's. It is read no
 * earlier than the first change detection, when a required input has its value.
 */
export function storeSignal<K, T>(store: GroupsStore, injector: Injector, key: K | Signal<K>, source: StoreSource<K, T>): Signal<T> {
  const { read, observe } = source;
  const keyOf: () => K = isSignal(key) ? key : () => key;
  const told = signal<Told<K, T> | undefined>(undefined);
  let subscription: Subscription | undefined;
  let followed: K;

  const follow = (next: K): void => {
    if (subscription !== undefined && Object.is(next, followed)) return;
    subscription?.unsubscribe();
    followed = next;
    subscription = observe(store, next).subscribe((value) => told.set({ key: next, value }));
  };

  if (isSignal(key)) {
    effect(
      () => {
        const next = key();
        untracked(() => follow(next));
      },
      { injector },
    );
  } else {
    follow(key as K);
  }
  injector.get(DestroyRef).onDestroy(() => {
    subscription?.unsubscribe();
    subscription = undefined;
  });

  return computed(() => {
    const current = keyOf();
    const last = told();
    // What the store told of, while it is about this key; else the store as it is now
    // (a key just changed, before the effect moved the subscription).
    return last !== undefined && Object.is(last.key, current) ? last.value : read(store, current);
  });
}
