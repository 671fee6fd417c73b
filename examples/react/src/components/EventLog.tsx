import { useId, type ReactElement } from 'react';
import { useGroupsStore } from 'turso-groups-store/react';
import { clockTime } from '../../../shared/clockTime.js';
import { EVENT_LOG_HINT } from '../../../shared/dashboardText.js';
import { useEventLog } from '../useEventLog.js';

export function EventLog(): ReactElement {
  const store = useGroupsStore();
  const entries = useEventLog(store);
  const id = useId();
  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Events</h2>
      <p className="hint">{EVENT_LOG_HINT}</p>
      {/* Focusable: it scrolls, and a keyboard must be able to scroll it too. */}
      <ol data-event-log aria-label="Events" className="event-log" tabIndex={0}>
        {entries.map(({ key, at, event, text }) => (
          <li key={key} data-type={event.type}>
            <time dateTime={at.toISOString()}>{clockTime(at)}</time> #{event.id} {text}
          </li>
        ))}
      </ol>
    </section>
  );
}
