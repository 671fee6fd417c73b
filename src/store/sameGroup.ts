import type { Group } from '../api/group.js';

// Groups are JSON: compare them structurally, so an answer equal to what is
// shown keeps the shown object (and nothing re-renders). This runs for every
// group of every list answer, so the documented fields are compared first and
// without allocating.

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  return sameFields(a as Record<string, unknown>, b as Record<string, unknown>);
}

function sameFields(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) {
    const x = a[key];
    const y = b[key];
    if (x !== y && !sameJson(x, y)) return false;
    if (y === undefined && !Object.hasOwn(b, key)) return false;
  }
  return true;
}

function isDocumented(key: string): boolean {
  switch (key) {
    case 'name':
    case 'locations':
    case 'primary':
    case 'uuid':
    case 'version':
    case 'archived':
    case 'delete_protection':
      return true;
    default:
      return false;
  }
}

export function sameGroup(a: Group | undefined, b: Group | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  if (
    a.name !== b.name ||
    a.primary !== b.primary ||
    a.uuid !== b.uuid ||
    a.version !== b.version ||
    a.archived !== b.archived ||
    a.delete_protection !== b.delete_protection
  ) {
    return false;
  }
  const al = a.locations;
  const bl = b.locations;
  if (al !== bl) {
    if (al.length !== bl.length) return false;
    for (let i = 0; i < al.length; i++) if (al[i] !== bl[i]) return false;
  }
  // The documented fields are equal (groups come from JSON, which has no
  // undefined, so equal means present on both). Then both have as many keys,
  // and when those are the documented fields `a` holds, so are those of `b`:
  // equal (the usual group). Otherwise the fields it does not name are
  // compared in full: they are kept, so a change in them must show.
  // for...in, not Object.keys: this runs per group per list, and allocates nothing.
  let keys = 0;
  for (const _ in a) keys += 1;
  let left = keys;
  for (const _ in b) left -= 1;
  if (left !== 0) return false;
  return keys === documentedIn(a) || sameUndocumented(a, b);
}

/** How many documented fields `group` holds (a value other than undefined), without a call per key. */
function documentedIn(group: Group): number {
  return (
    Number(group.name !== undefined) +
    Number(group.locations !== undefined) +
    Number(group.primary !== undefined) +
    Number(group.uuid !== undefined) +
    Number(group.version !== undefined) +
    Number(group.archived !== undefined) +
    Number(group.delete_protection !== undefined)
  );
}

/** Whether the fields of `a` the contract does not name are in `b`, equal (the keys are as many on both). */
function sameUndocumented(a: Group, b: Group): boolean {
  for (const key in a) {
    if (isDocumented(key)) continue;
    const x = (a as Record<string, unknown>)[key];
    const y = (b as Record<string, unknown>)[key];
    if (x !== y && !sameJson(x, y)) return false;
    if (y === undefined && !Object.hasOwn(b, key)) return false;
  }
  return true;
}

/**
 * The last group frozen, kept past its store. While one group of a shape
 * lives, V8 keeps that shape's hidden classes (plain and frozen), and with
 * them the code it optimized for them. When every group of a shape is
 * collected (a store disposed, its page left), V8 drops those classes and
 * throws that code away, so the next store compared and froze its groups in
 * unoptimized code: an unchanged reload of 10,000 groups took 4 ms instead
 * of 0.4 ms in the bench, which opens a store per run. Exported only so
 * that it counts as read: nothing outside this module uses it.
 */
export let lastFrozen: Group | undefined;

/** Freezes a group from the server, so no subscriber can change the store's copy. */
export function freezeGroup(group: Group): Group {
  Object.freeze(group.locations);
  return (lastFrozen = Object.freeze(group));
}
