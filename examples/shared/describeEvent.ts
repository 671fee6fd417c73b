import type { GroupsOperation, GroupsStore, StoreEvent } from 'turso-groups-store';
import { createDetailsMemory, type CommandDetails } from './commandDetails.js';
import { reasonText } from './failureText.js';

/** The most entries a dashboard's event log keeps; older ones drop off the end. */
export const EVENT_LOG_LIMIT = 50;

/**
 * What a command does, in words: "add location fra to eu", "turn on delete
 * protection for eu", "transfer eu to staging". `details` are the
 * mutation's own, when known; without them, "add a location to eu",
 * "change the delete protection of eu", "transfer eu to another organization".
 */
export function operationText(operation: GroupsOperation, group: string | undefined, details: CommandDetails = {}): string {
  const name = group ?? 'a group';
  const { location, deleteProtection, organization } = details;
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
      return `read the delete protection of ${name}`;
    case 'updateConfiguration':
      // Today the configuration holds only delete protection: said as what it does.
      return deleteProtection === undefined ? `change the delete protection of ${name}` : `turn ${deleteProtection ? 'on' : 'off'} delete protection for ${name}`;
    case 'unarchive':
      return `unarchive ${name}`;
    case 'transfer':
      return `transfer ${name} to ${organization ?? 'another organization'}`;
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
export function describeEvent(event: StoreEvent, details?: CommandDetails): string {
  const subject = operationText(event.operation, event.group, details);
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
    case 'storageFailed':
      // A QuotaExceededError, a SecurityError: its name says which.
      return `saving for the next visit stopped: the browser's storage refused it${event.cause instanceof Error ? ` (${event.cause.name})` : ''}`;
  }
}

/**
 * `describeEvent` with each mutation's details filled in (its location, the
 * delete protection asked for, the organization of a transfer): read from
 * the store when the mutation starts and kept for the events that follow it
 * (see `createDetailsMemory`).
 */
export function createEventDescriber(store: Pick<GroupsStore, 'getPending'>): (event: StoreEvent) => string {
  const detailsOf = createDetailsMemory(store);
  return (event) => describeEvent(event, detailsOf(event));
}
