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

/** A fresh list, as a response body would deserialize into. */
export function freshList(count = GROUP_COUNT): Group[] {
  return Array.from({ length: count }, (_, i) => ({
    name: groupName(i),
    locations: ['lhr'],
    primary: 'lhr',
    uuid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    version: 'v0.24.31',
    archived: false,
    delete_protection: false,
  }));
}

/** The group the server answers an add-location with: a fresh object. */
export function withLocation(name: string, location: string): Group {
  const i = Number(name.slice('group-'.length));
  const group = freshList(1)[0] as Group;
  return { ...group, name, uuid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, locations: ['lhr', location] };
}

/** Lets timers and microtasks queued by notification schedulers run. */
export function flush(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
