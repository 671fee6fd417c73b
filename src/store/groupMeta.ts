import type { GroupsError, GroupsOperation } from '../errors.js';

/** What is going on with one group, beyond its data. */
export interface GroupMeta {
  /** The mutations on this group not yet answered, oldest first. */
  readonly pending: readonly GroupsOperation[];
  /** The last failure of a command on this group, until one succeeds. */
  readonly error: GroupsError | undefined;
  /** True while the group is shown only because a create is pending. */
  readonly optimistic: boolean;
  /** True while some of its pending mutations are held offline, waiting for the network. */
  readonly paused: boolean;
}

/** The meta of a group with nothing going on: what `getMeta` and `meta$` give for any such group, always this object. */
export const IDLE_META: GroupMeta = Object.freeze({ pending: Object.freeze([]), error: undefined, optimistic: false, paused: false });

export function sameMeta(a: GroupMeta, b: GroupMeta): boolean {
  return (
    a.error === b.error &&
    a.optimistic === b.optimistic &&
    a.paused === b.paused &&
    a.pending.length === b.pending.length &&
    a.pending.every((operation, i) => operation === b.pending[i])
  );
}
