import type { GroupMeta, GroupsOperation } from 'turso-groups-store';

/**
 * A group card's state, as its `data-state` attribute: `unconfirmed` while
 * the store checks with the server whether a change whose answer could not
 * be read was made; `optimistic` while it is shown only by a pending create;
 * `pending` with a command in flight; `idle` at rest.
 */
export type GroupState = 'unconfirmed' | 'optimistic' | 'pending' | 'idle';

export function groupStateOf(meta: GroupMeta): GroupState {
  if (meta.unconfirmed.length > 0) return 'unconfirmed';
  if (meta.optimistic) return 'optimistic';
  return meta.pending.length > 0 ? 'pending' : 'idle';
}

/** What a command in flight is doing, as the card says it. */
const DOING: Readonly<Record<GroupsOperation, string>> = {
  list: 'loading',
  create: 'creating',
  retrieve: 'reading',
  delete: 'deleting',
  addLocation: 'adding a location',
  removeLocation: 'removing a location',
  mintToken: 'minting a token',
  invalidateTokens: 'invalidating the tokens',
  getConfiguration: 'reading the delete protection',
  updateConfiguration: 'changing the delete protection',
  unarchive: 'unarchiving',
  transfer: 'transferring',
  listLocations: 'loading the locations',
  request: 'working',
};

/** The words beside the group's name for its state; empty at rest. */
export function groupStateText(meta: GroupMeta): string {
  switch (groupStateOf(meta)) {
    case 'unconfirmed':
      return 'checking with the server…';
    case 'optimistic':
      return 'creating…';
    case 'pending':
      return `${[...new Set(meta.pending.map((operation) => DOING[operation]))].join(', ')}…`;
    case 'idle':
      return '';
  }
}

/** The words for a group whose changes wait offline. */
export const PAUSED_TEXT = 'waiting for the network';
