// The data and the instant "server" every workload shares, so the stores
// differ only in what they do with the answers.
import type { Group } from '../src/index.js';

export const GROUP_COUNT = 10_000;
export const ADDED_LOCATION = 'ams';

export function groupName(i: number): string {
  return `group-${String(i).padStart(5, '0')}`;
}

/**
 * The list the instant server answers next. A workload prepares it before it
 * starts timing, so every contender is timed from the same parsed body.
 */
let prepared: Group[] | undefined;

export function prepareList(): void {
  prepared = freshList();
}

/** The prepared list (once), else a fresh one. */
export function serverList(): Group[] {
  const list = prepared ?? freshList();
  prepared = undefined;
  return list;
}

function groupAt(i: number, locations: string[] = ['lhr']): Group {
  return {
    name: groupName(i),
    locations,
    primary: 'lhr',
    uuid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    version: 'v0.24.31',
    archived: false,
    delete_protection: false,
  };
}

/** The list's response body, serialized once. */
let listBody: string | undefined;

/**
 * A fresh list, deserialized from a response body as a transport would: flat
 * strings and one object shape, like what `JSON.parse` gives every store.
 */
export function freshList(): Group[] {
  listBody ??= JSON.stringify(Array.from({ length: GROUP_COUNT }, (_, i) => groupAt(i)));
  return JSON.parse(listBody) as Group[];
}

/** The group the server answers an add-location with: a fresh object. */
export function withLocation(name: string, location: string): Group {
  return { ...groupAt(Number(name.slice('group-'.length)), ['lhr', location]), name };
}

/** Lets timers and microtasks queued by notification schedulers run. */
export function flush(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
