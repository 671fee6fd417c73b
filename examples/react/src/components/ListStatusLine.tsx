import type { ReactElement } from 'react';
import { useGroupsStore, useListStatus } from 'turso-groups-store/react';

/** The list's status (`[data-list-status]` holds the bare word), when it was loaded, and a refresh. */
export function ListStatusLine(): ReactElement {
  const store = useGroupsStore();
  const status = useListStatus(store);
  const updatedAt = status.updatedAt === undefined ? undefined : new Date(status.updatedAt);

  function refresh(): void {
    // The status shows how it went; a failure is an events$ failure, which the toast tells.
    store.load().catch(() => undefined);
  }

  return (
    <div className="list-status">
      <p>
        List{' '}
        <span data-list-status={status.status}>
          {status.status}
        </span>
        {status.fetching && status.status !== 'loading' && <span className="muted"> · refreshing…</span>}
        {updatedAt && (
          <span className="muted">
            {' '}
            · updated <time dateTime={updatedAt.toISOString()}>{updatedAt.toLocaleTimeString()}</time>
          </span>
        )}
      </p>
      {status.error && <p className="hint problem">{status.error.message}</p>}
      {status.refreshError && <p className="hint problem">Last refresh failed: {status.refreshError.message}</p>}
      <button type="button" className="secondary" onClick={refresh}>
        Refresh list
      </button>
    </div>
  );
}
