import type { GroupsError, GroupsOperation } from '../errors.js';

interface EventBase {
  /** The command this event belongs to; every command has its own. */
  readonly id: number;
  readonly operation: GroupsOperation;
  /** The group, for commands on one group. */
  readonly group: string | undefined;
}

/**
 * What `events$` tells: each command's start, then its success or failure;
 * a failed optimistic command also reports that its change was rolled back.
 * Events never carry a token or a server answer.
 */
export type StoreEvent =
  | (EventBase & { readonly type: 'start' })
  | (EventBase & { readonly type: 'success' })
  | (EventBase & { readonly type: 'failure'; readonly error: GroupsError })
  | (EventBase & { readonly type: 'rollback' });
