import type { GroupsError, GroupsOperation } from '../errors.js';

/** What is going on with one group, beyond its data. */
export interface GroupMeta {
  /** The mutations on this group not yet answered, oldest first. */
  readonly pending: readonly GroupsOperation[];
  /**
   * The mutations on this group whose answer could not be read (a 5xx, an
   * unreadable answer, a dropped connection), oldest first: their change is
   * still shown while the store re-reads the group to learn whether the
   * server made it. Empty when there are none.
   */
  readonly unconfirmed: readonly GroupsOperation[];
  /** The last failure of a command on this group, until one succeeds. */
  readonly error: GroupsError | undefined;
  /** True while the group is shown only because a create is pending. */
  readonly optimistic: boolean;
  /** True while some of its pending mutations are held offline, waiting for the network. */
  readonly paused: boolean;
}

/** The meta of a group with nothing going on: what `getMeta` and `meta$` give for any such group, always this object. */
export const IDLE_META: GroupMeta = Object.freeze({ pending: Object.freeze([]), unconfirmed: Object.freeze([]), error: undefined, optimistic: false, paused: false });

export function sameMeta(a: GroupMeta, b: GroupMeta): boolean {
  return (
    a.error === b.error &&
    a.optimistic === b.optimistic &&
    a.paused === b.paused &&
    sameOperations(a.pending, b.pending) &&
    sameOperations(a.unconfirmed, b.unconfirmed)
  );
}

/** The same operations in the same order. A loop, not `every`: this runs for every group's meta on each list answer. */
function sameOperations(a: readonly GroupsOperation[], b: readonly GroupsOperation[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
