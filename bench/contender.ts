// What every workload drives: one library's way of keeping the groups list on
// screen. The workloads are written once, over this; a contender differs only
// in the recipe it follows, each as the library's own docs show it.
import type { Group } from '../src/index.js';
import type { Call } from './server.js';

export type Library = 'this store' | '@ngneat/elf' | '@tanstack/query-core';

export interface View {
  /** Loads the list into the empty store (a view's first fetch); resolves once the store holds it. */
  load(): Promise<void>;
  /** Asks for the list again, as a poll or a focus refresh does. */
  refetch(): Promise<void>;
  /** One add-location command: shown at once, then reconciled; resolves (or rejects) once settled. */
  addLocation(name: string, location: string): Promise<unknown>;
  /** Issues several commands as one change, where the library has a way (`batch()`, `emitOnce`). */
  together<T>(issue: () => T): T;
  /** The list shown now (for the final-state check). */
  shown(): readonly Group[];
  /** Calls back with every new list shown, not with the current one on subscribing. */
  watchList(callback: () => void): () => void;
  /** The library's subscribe-to-everything: this store's `subscribe`, a TanStack observer of every prop, Elf's store. */
  watchAll(callback: () => void): () => void;
  /** Calls back when one group's shown value changes. */
  watchGroup(name: string, callback: () => void): () => void;
  dispose(): void;
}

export interface Contender {
  readonly library: Library;
  /** Which of the library's recipes this is; empty for its only one. */
  readonly recipe: string;
  /** The documentation the recipe follows. */
  readonly doc: string;
  open(call: Call): View;
}

export function label(contender: Contender): string {
  return contender.recipe ? `${contender.library} (${contender.recipe})` : contender.library;
}

/** JSON equality, whatever the key order: what an app compares a server answer with. */
export function equalJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) if (!equalJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  return true;
}

/** The optimistic change of an add-location, and its undo (not a snapshot: other commands are in flight). */
export function withAdded(group: Group, location: string): Group {
  return { ...group, locations: [...group.locations, location] };
}

export function withoutAdded(group: Group, location: string): Group {
  return { ...group, locations: group.locations.filter((l) => l !== location) };
}

/** Subscribes, dropping whatever the source replays while subscribing. */
export function afterSubscribe(subscribe: (next: () => void) => () => void, callback: () => void): () => void {
  let subscribing = true;
  const unsubscribe = subscribe(() => {
    if (!subscribing) callback();
  });
  subscribing = false;
  return unsubscribe;
}
