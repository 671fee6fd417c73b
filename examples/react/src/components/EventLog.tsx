import { useId, type ReactElement } from 'react';
import { useGroupsStore } from 'turso-groups-store/react';
import { describeEvent, EVENT_LOG_LIMIT } from '../../../shared/describeEvent.js';
import { useEventLog } from '../useEventLog.js';

export function EventLog(): ReactElement {
  const store = useGroupsStore();
  const entries = useEventLog(store);
  const id = useId();
  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Events</h2>
      <p className="hint">
        What <code>events$</code> told, newest first (the last {EVENT_LOG_LIMIT}).
      </p>
      <ol data-event-log aria-label="Events" className="event-log">
        {entries.map(({ key, at, event }) => (
          <li key={key} data-type={event.type}>
            <time dateTime={at.toISOString()}>{at.toLocaleTimeString()}</time> <span className="event-type">{event.type}</span>{' '}
            <span className="event-text">
              #{event.id} {describeEvent(event)}
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
