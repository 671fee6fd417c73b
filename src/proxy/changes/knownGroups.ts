import type { Group } from '../../api/group.js';
import type { KnownGroup, PublishOptions } from './changeBus.js';
import type { GroupChange } from './feedEvent.js';

// What a bus remembers of each group (the value of its last event or poll,
// and at which position), and the rules the upstream poll goes by. Pure, so
// the in-process bus runs them as they are; the Redis bus runs the same
// rules in its Lua scripts, atomically with the numbering.

/** How the bus remembers a group after `change` was numbered `seq`. */
export function knownAfter(change: GroupChange, seq: number): KnownGroup {
  return change.kind === 'group' ? { seq, kind: 'group', json: JSON.stringify(change.group) } : { seq, kind: change.kind };
}

/**
 * What to publish of `change` given what is known of its group: the change
 * itself, unless it is conditional (`unlessChangedAfter`, a poll's) and the
 * group got an event after the poll sent its list. Then the poll's value may
 * be older than that event: a differing value is published as `stale` (read
 * it again), an absence is left to the next poll (the list may have been
 * answered before the group was made), and what the event already says is
 * not repeated.
 */
export function changeToPublish(known: KnownGroup | undefined, change: GroupChange, options: PublishOptions | undefined): GroupChange | undefined {
  // A mutation's: another change of its group was numbered while it was in flight.
  const forwardedAt = options?.staleIfChangedAfter?.seq;
  if (forwardedAt !== undefined && known !== undefined && known.seq > forwardedAt) return { kind: 'stale', name: change.name };
  const after = options?.unlessChangedAfter?.seq;
  if (after === undefined || known === undefined || known.seq <= after) return change;
  if (change.kind === 'removed' || known.kind === 'stale') return undefined;
  if (change.kind === 'group' && known.kind === 'group' && known.json === JSON.stringify(change.group)) return undefined;
  return { kind: 'stale', name: change.name };
}

/**
 * What a poll finds changed: each listed group whose value is not the one
 * known, and each known group the list lacks. Published with
 * `unlessChangedAfter` the poll's position, which `changeToPublish` applies.
 */
export function pollChanges(known: ReadonlyMap<string, KnownGroup>, groups: readonly Group[]): GroupChange[] {
  const changes: GroupChange[] = [];
  const listed = new Set<string>();
  for (const group of groups) {
    listed.add(group.name);
    const entry = known.get(group.name);
    if (entry?.kind !== 'group' || entry.json !== JSON.stringify(group)) changes.push({ kind: 'group', name: group.name, group });
  }
  for (const [name, entry] of known) if (!listed.has(name) && entry.kind !== 'removed') changes.push({ kind: 'removed', name });
  return changes;
}

/**
 * `known` after a poll's list (sent at `sentAt`) is recorded: each listed
 * group as listed, each absent one forgotten, except a group with an event
 * after `sentAt`, which the list may not reflect.
 */
export function recordList(known: Map<string, KnownGroup>, groups: readonly Group[], sentAt: number): void {
  const listed = new Set<string>();
  for (const group of groups) {
    listed.add(group.name);
    const entry = known.get(group.name);
    if (entry === undefined || entry.seq <= sentAt) known.set(group.name, { seq: sentAt, kind: 'group', json: JSON.stringify(group) });
  }
  for (const [name, entry] of known) if (!listed.has(name) && entry.seq <= sentAt) known.delete(name);
}
