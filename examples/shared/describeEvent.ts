import type { StoreEvent } from 'turso-groups-store';

/** The most entries a dashboard's event log keeps; older ones drop off the end. */
export const EVENT_LOG_LIMIT = 50;

/** One `events$` event as a line of the log. Events carry no token, so neither does this. */
export function describeEvent(event: StoreEvent): string {
  const subject = event.group === undefined ? event.operation : `${event.operation} “${event.group}”`;
  switch (event.type) {
    case 'start':
      return `${subject} started`;
    case 'success':
      return `${subject} succeeded`;
    case 'failure':
      return `${subject} failed: ${event.error.message}`;
    case 'rollback':
      return `${subject} rolled back`;
  }
}
