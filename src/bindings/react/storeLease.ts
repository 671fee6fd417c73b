import { useEffect, useState } from 'react';
import type { GroupsStore } from '../../index.js';

/**
 * A store held by one mounted component. Its effect's cleanup does not
 * dispose the store at once but a task later, and a setup that runs before
 * then keeps it: React StrictMode (and Fast Refresh) run cleanup and setup
 * again at once on a component that stays mounted, and a store disposed there
 * would reject every later command with 'aborted'. Only a real unmount lets
 * the task run.
 */
class StoreLease {
  readonly store: GroupsStore;
  #disposeTimer: ReturnType<typeof setTimeout> | undefined;
  #disposed = false;

  constructor(store: GroupsStore) {
    this.store = store;
  }

  /** The component (re)mounted: keeps the store, unless it was disposed already. */
  retain(): boolean {
    clearTimeout(this.#disposeTimer);
    this.#disposeTimer = undefined;
    return !this.#disposed;
  }

  /** The component's effect was cleaned up: disposes the store unless {@link retain} comes first. */
  release(): void {
    clearTimeout(this.#disposeTimer);
    this.#disposeTimer = setTimeout(() => {
      this.#disposed = true;
      this.store.dispose();
    }, 0);
  }
}

/**
 * The store a component owns, created by `create` on mount when given
 * (`undefined` otherwise). `create` is called once per mounted component; a
 * later `create` is used only to replace a store that was disposed while the
 * component was hidden (an `<Activity mode="hidden">` cleans up its effects
 * like an unmount), since a disposed store can do nothing more.
 */
export function useStoreLease(create: () => GroupsStore): GroupsStore;
export function useStoreLease(create: (() => GroupsStore) | undefined): GroupsStore | undefined;
export function useStoreLease(create: (() => GroupsStore) | undefined): GroupsStore | undefined {
  // In development, StrictMode calls this initializer twice and keeps one:
  // the other store is dropped unused, which is why `create` must not start
  // requests (it holds no subscription and no timer, so nothing leaks).
  const [lease, setLease] = useState(() => (create ? new StoreLease(create()) : undefined));
  useEffect(() => {
    if (!lease) return undefined;
    if (!lease.retain()) {
      if (create) setLease(new StoreLease(create()));
      return undefined;
    }
    return () => lease.release();
    // Keyed on the lease alone: a new `create` each render must not make a new store.
  }, [lease]);
  return lease?.store;
}
