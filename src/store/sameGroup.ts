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
  let keys = 0;
  for (const key in a) {
    keys += 1;
    const x = a[key];
    const y = b[key];
    if (x !== y && !sameJson(x, y)) return false;
    if (y === undefined && !Object.hasOwn(b, key)) return false;
  }
  for (const _ in b) keys -= 1;
  return keys === 0;
}

export function sameGroup(a: Group | undefined, b: Group | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a.name !== b.name || a.primary !== b.primary) return false;
  const al = a.locations;
  const bl = b.locations;
  if (al !== bl) {
    if (al.length !== bl.length) return false;
    for (let i = 0; i < al.length; i++) if (al[i] !== bl[i]) return false;
  }
  return sameFields(a as Record<string, unknown>, b as Record<string, unknown>);
}

/** Freezes a group from the server, so no subscriber can change the store's copy. */
export function freezeGroup(group: Group): Group {
  Object.freeze(group.locations);
  return Object.freeze(group);
}
