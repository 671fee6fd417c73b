import { useCallback, useRef, type ReactElement } from 'react';
import { useGroups, useGroupsStore, useListStatus, useLoad } from 'turso-groups-store/react';
import { GROUPS_HEADING_ID, LOADING_GROUPS, NO_GROUPS, TRY_AGAIN } from '../../../shared/dashboardText.js';
import { failureText } from '../../../shared/failureText.js';
import { useLocationsFeed } from '../locations.js';
import { GroupRow } from './GroupRow.js';
import { ListStatusLine } from './ListStatusLine.js';

export function GroupList(): ReactElement {
  const store = useGroupsStore();
  const locations = useLocationsFeed();
  // Loads on mount and gives up on unmount; StrictMode's extra mount ends loaded.
  useLoad(store);
  const groups = useGroups(store);
  const status = useListStatus(store);
  const heading = useRef<HTMLHeadingElement>(null);

  // A deleted group's buttons leave with it: focus goes to the list's heading
  // rather than to the top of the page. Stable, so memoized rows stay still.
  const focusList = useCallback(() => heading.current?.focus(), []);

  function tryAgain(): void {
    // The status shows how it goes; the locations are read again with a list that loads.
    store.load().catch(() => undefined);
    locations.retry();
  }

  return (
    <section className="card" aria-labelledby={GROUPS_HEADING_ID}>
      <div className="section-head">
        <h2 id={GROUPS_HEADING_ID} ref={heading} tabIndex={-1}>
          Groups
        </h2>
        <ListStatusLine />
      </div>
      {status.status === 'error' && (
        <div className="list-problem" data-list-problem role="alert">
          <p>{failureText(status.error)}.</p>
          <button type="button" className="secondary" onClick={tryAgain}>
            {TRY_AGAIN}
          </button>
        </div>
      )}
      <ul aria-label="Groups" className="groups" aria-busy={status.status === 'loading'}>
        {groups.map((group) => (
          <GroupRow key={group.name} name={group.name} onDeleted={focusList} />
        ))}
      </ul>
      {groups.length === 0 && status.status !== 'error' && <p className="hint empty">{status.status === 'success' ? NO_GROUPS : LOADING_GROUPS}</p>}
    </section>
  );
}
