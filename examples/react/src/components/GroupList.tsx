import { useCallback, useId, useRef, type ReactElement } from 'react';
import { useGroups, useGroupsStore, useListStatus, useLoad } from 'turso-groups-store/react';
import { GroupRow } from './GroupRow.js';
import { ListStatusLine } from './ListStatusLine.js';

export function GroupList(): ReactElement {
  const store = useGroupsStore();
  // Loads on mount and gives up on unmount; StrictMode's extra mount ends loaded.
  useLoad(store);
  const groups = useGroups(store);
  const { status } = useListStatus(store);
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);

  // A deleted group's buttons leave with it: focus goes to the list's heading
  // rather than to the top of the page. Stable, so memoized rows stay still.
  const focusList = useCallback(() => heading.current?.focus(), []);

  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <div className="section-head">
        <h2 id={`${id}-heading`} ref={heading} tabIndex={-1}>
          Groups
        </h2>
        <ListStatusLine />
      </div>
      <ul aria-label="Groups" className="groups" aria-busy={status === 'loading'}>
        {groups.map((group) => (
          <GroupRow key={group.name} name={group.name} onDeleted={focusList} />
        ))}
      </ul>
      {groups.length === 0 && status !== 'loading' && <p className="empty">No groups to show.</p>}
    </section>
  );
}
