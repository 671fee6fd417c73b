import type { GroupsOperation, GroupsStore, StoreEvent } from 'turso-groups-store';
import { reasonText } from './failureText.js';

/** The most entries a dashboard's event log keeps; older ones drop off the end. */
export const EVENT_LOG_LIMIT = 50;

/**
 * What a command does, in words: "add location fra to eu". `location` is the
 * mutation's own, when known; without it, "add a location to eu".
 */
export function operationText(operation: GroupsOperation, group: string | undefined, location?: string): string {
  const name = group ?? 'a group';
  const where = location === undefined ? 'a location' : `location ${location}`;
  switch (operation) {
    case 'list':
      return 'load the groups';
    case 'create':
      return location === undefined ? `create ${name}` : `create ${name} in ${location}`;
    case 'retrieve':
      return `read ${name}`;
    case 'delete':
      return `delete ${name}`;
    case 'addLocation':
      return `add ${where} to ${name}`;
    case 'removeLocation':
      return `remove ${where} from ${name}`;
    case 'mintToken':
      return `mint a token for ${name}`;
    case 'invalidateTokens':
      return `invalidate the tokens of ${name}`;
    case 'getConfiguration':
      return `read the configuration of ${name}`;
    case 'updateConfiguration':
      return `change the configuration of ${name}`;
    case 'unarchive':
      return `unarchive ${name}`;
    case 'transfer':
      return `transfer ${name}`;
    case 'listLocations':
      return 'load the locations';
    case 'request':
      return 'a request';
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/**
 * One `events$` event as a line of the log, in plain language:
 * "add location fra to eu: failed: the server failed (500)". Events carry no
 * token, so neither does this. Every event type has its case: one added to
 * the store's union without a line here does not compile.
 */
export function describeEvent(event: StoreEvent, location?: string): string {
  const subject = operationText(event.operation, event.group, location);
  switch (event.type) {
    case 'start':
      return `${subject}: started`;
    case 'success':
      return `${subject}: done`;
    case 'failure':
      return `${subject}: failed: ${reasonText(event.error)}`;
    case 'rollback':
      return `${subject}: taken back on the page`;
    case 'retry':
      // `attempt` counts retries; a person counts tries, the first one included.
      return `${subject}: retrying in ${seconds(event.waitMs)} (attempt ${event.attempt + 1}): ${reasonText(event.reason)}`;
    case 'unknown':
      return `${subject}: no readable answer, checking with the server…`;
    case 'reconciled':
      return event.applied ? `${subject}: the server has the change` : `${subject}: the server does not have the change, so it is taken back`;
  }
}

/** How many mutations' locations a describer remembers; a log shows fewer events than this. */
const REMEMBERED = 200;

/**
 * `describeEvent` with each mutation's location filled in. Events carry only
 * the operation and the group: the location is read from the store's
 * `getPending()` when the mutation starts (it is listed there by then) and
 * kept for the events that follow it.
 */
export function createEventDescriber(store: Pick<GroupsStore, 'getPending'>): (event: StoreEvent) => string {
  const locations = new Map<number, string>();
  return (event) => {
    if (event.type === 'start') {
      const mutation = store.getPending().find((pending) => pending.id === event.id);
      if (mutation !== undefined && 'location' in mutation) {
        locations.set(event.id, mutation.location);
        if (locations.size > REMEMBERED) locations.delete(locations.keys().next().value as number);
      }
    }
    return describeEvent(event, locations.get(event.id));
  };
}
