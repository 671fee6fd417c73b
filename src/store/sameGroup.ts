import type { Group } from '../api/group.js';

// Groups are JSON: compare them structurally, so an answer equal to what is
// shown keeps the shown object (and nothing re-renders).
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => sameJson(item, b[i]));
  }
  const aKeys = Object.keys(a);
  if (aKeys.length !== Object.keys(b).length) return false;
  return aKeys.every((key) => Object.hasOwn(b, key) && sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

export function sameGroup(a: Group | undefined, b: Group | undefined): boolean {
  return sameJson(a, b);
}

/** Freezes a group from the server, so no subscriber can change the store's copy. */
export function freezeGroup(group: Group): Group {
  Object.freeze(group.locations);
  return Object.freeze(group);
}
