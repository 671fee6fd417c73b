import type { Readable, Subscriber, Unsubscriber } from 'svelte/store';

/** A group's name: fixed, or a readable that changes (Svelte 5's `toStore(() => name)`, a `writable`, a `derived`). */
export type GroupName = string | Readable<string>;

function isReadable(name: GroupName): name is Readable<string> {
  return typeof name === 'object' && name !== null && typeof name.subscribe === 'function';
}

/**
 * The readable of `make(name)`, for a name that may change. A fixed name is
 * just `make(name)`. A readable name is followed: when it changes, the old
 * name's subscription is closed before the new one opens, in one synchronous
 * step, so the store never counts more subscriptions than readers; the same
 * name again keeps the subscription it has.
 */
export function followName<T>(name: GroupName, make: (name: string) => Readable<T>): Readable<T> {
  if (!isReadable(name)) return make(name);
  return {
    subscribe(run: Subscriber<T>): Unsubscriber {
      let current: string | undefined;
      let closeInner: Unsubscriber | undefined;
      const closeName = name.subscribe((next) => {
        if (closeInner && next === current) return;
        current = next;
        closeInner?.();
        closeInner = make(next).subscribe(run);
      });
      return () => {
        closeName();
        closeInner?.();
        closeInner = undefined;
      };
    },
  };
}
