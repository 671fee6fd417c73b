import type { ReactElement } from 'react';
import { useGroupsStore, useListStatus } from 'turso-groups-store/react';
import { clockTime } from '../../../shared/clockTime.js';
import { REFRESH } from '../../../shared/dashboardText.js';
import { reasonText } from '../../../shared/failureText.js';
import { useLocationsFeed } from '../locations.js';

/** The list's status (`[data-list-status]` holds the bare word), when it was loaded, and a refresh. */
export function ListStatusLine(): ReactElement {
  const store = useGroupsStore();
  const locations = useLocationsFeed();
  const status = useListStatus(store);
  const updatedAt = status.updatedAt === undefined ? undefined : new Date(status.updatedAt);

  function refresh(): void {
    // The status shows how it went; the locations, if they failed, are read again too.
    store.load().catch(() => undefined);
    locations.retry();
  }

  return (
    <div className="list-status">
      <p>
        List <span data-list-status={status.status}>{status.status}</span>
        {status.fetching && status.status !== 'loading' && <span className="hint"> · refreshing…</span>}
        {updatedAt && (
          <span className="hint">
            {' '}
            · updated <time dateTime={updatedAt.toISOString()}>{clockTime(updatedAt)}</time>
          </span>
        )}
      </p>
      {status.refreshError && <p className="hint problem">Last refresh failed: {reasonText(status.refreshError)}.</p>}
      <button type="button" className="secondary small" onClick={refresh}>
        {REFRESH}
      </button>
    </div>
  );
}
