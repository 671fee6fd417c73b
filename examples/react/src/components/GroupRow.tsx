import { memo, type ReactElement } from 'react';
import type { GroupMeta } from 'turso-groups-store';
import { useGroup, useGroupMeta, useGroupsStore } from 'turso-groups-store/react';
import { useLocations } from '../locations.js';
import { useToast } from '../toast.js';
import { AddLocationForm } from './AddLocationForm.js';
import { DeleteGroupButton } from './DeleteGroupButton.js';
import { InvalidateTokensButton } from './InvalidateTokensButton.js';
import { MintTokenButton, TokenPanel, useMintedToken } from './TokenReveal.js';

export interface GroupRowProps {
  readonly name: string;
  /** Called once a delete is sent and the row is about to leave; must be stable for `memo` to help. */
  readonly onDeleted: () => void;
}

/** The contract's three states: shown only by a pending create, with a command in flight, or at rest. */
function rowState(meta: GroupMeta): 'optimistic' | 'pending' | 'idle' {
  if (meta.optimistic) return 'optimistic';
  return meta.pending.length > 0 ? 'pending' : 'idle';
}

/**
 * One group. Memoized on its name: it reads its own group and meta from the
 * store, so it re-renders only when those change, never because another
 * group or the list's status did.
 */
export const GroupRow = memo(function GroupRow({ name, onDeleted }: GroupRowProps): ReactElement | null {
  const store = useGroupsStore();
  const group = useGroup(store, name);
  const meta = useGroupMeta(store, name);
  const locations = useLocations();
  const toast = useToast();
  const token = useMintedToken(name);
  if (!group) return null;
  const state = rowState(meta);

  function removeLocation(location: string): void {
    // Optimistic: gone at once, back with the error if the server refuses.
    store.removeLocation(name, location).catch(toast.failure);
  }

  return (
    <li className="group" data-group={name} data-state={state}>
      <div className="group-head">
        <h3 className="group-name">{name}</h3>
        {state === 'optimistic' && <span data-state-label>creating…</span>}
        {state === 'pending' && <span data-state-label>saving: {meta.pending.join(', ')}</span>}
        {meta.paused && <span data-state-label>waiting for the network</span>}
      </div>

      <ul className="locations" aria-label={`Locations of ${name}`}>
        {group.locations.map((location) => {
          const primary = location === group.primary;
          return (
            <li key={location} className="location" data-location={location} data-primary={primary ? '' : undefined}>
              <span title={locations?.[location]}>{location}</span>
              {primary ? (
                <span className="primary-mark">primary</span>
              ) : (
                <button type="button" aria-label={`Remove ${location} from ${name}`} title={`Remove ${location}`} onClick={() => removeLocation(location)}>
                  ×
                </button>
              )}
            </li>
          );
        })}
      </ul>

      {meta.error && (
        <p className="group-error" data-error>
          {meta.error.message}
        </p>
      )}

      <div className="group-actions">
        <AddLocationForm name={name} held={group.locations} />
        <MintTokenButton name={name} token={token} />
        <InvalidateTokensButton name={name} />
        <DeleteGroupButton name={name} onDeleted={onDeleted} />
      </div>

      {token.jwt !== undefined && <TokenPanel key={token.serial} name={name} jwt={token.jwt} token={token} />}
    </li>
  );
});
