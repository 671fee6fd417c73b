import type { GroupsStore, PendingMutation, StoreEvent } from 'turso-groups-store';

/**
 * What a command asked for beyond its operation and group, as far as the
 * words for it need: "add location fra to eu", "turn on delete protection
 * for eu", "transfer eu to staging". Events carry only the operation and
 * the group; these are read from the mutation itself.
 */
export interface CommandDetails {
  /** The location a create puts the group in, or a command adds or removes. */
  readonly location?: string | undefined;
  /** The delete protection a configuration change asks for. */
  readonly deleteProtection?: boolean | undefined;
  /** The organization a transfer moves the group to. */
  readonly organization?: string | undefined;
}

const NONE: CommandDetails = Object.freeze({});

/** The details of a pending mutation, as its words need them. */
export function detailsOf(mutation: PendingMutation): CommandDetails {
  switch (mutation.operation) {
    case 'create':
    case 'addLocation':
    case 'removeLocation':
      return { location: mutation.location };
    case 'updateConfiguration':
      return { deleteProtection: mutation.deleteProtection };
    case 'transfer':
      return { organization: mutation.organization };
    case 'delete':
    case 'mintToken':
    case 'invalidateTokens':
    case 'unarchive':
      return NONE;
  }
}

/** How many mutations' details are remembered; a log shows fewer events than this. */
const REMEMBERED = 200;

/**
 * Remembers each mutation's details for the events that follow its start.
 * The mutation is listed in the store's `getPending()` when it starts (it
 * is enqueued before its `start` is told) and may be gone by its last
 * event, so the details are read then and kept. Returns, for any event,
 * the details of its command, or `undefined` when it has none (a read).
 * Call it with every event, in order, from the start on.
 */
export function createDetailsMemory(store: Pick<GroupsStore, 'getPending'>): (event: StoreEvent) => CommandDetails | undefined {
  const remembered = new Map<number, CommandDetails>();
  return (event) => {
    if (event.type === 'start') {
      const mutation = store.getPending().find((pending) => pending.id === event.id);
      if (mutation !== undefined) {
        remembered.set(event.id, detailsOf(mutation));
        if (remembered.size > REMEMBERED) remembered.delete(remembered.keys().next().value as number);
      }
    }
    return remembered.get(event.id);
  };
}
