import { memo, useId, type MouseEvent, type ReactElement } from 'react';
import { useGroup, useGroupMeta, useGroupsStore } from 'turso-groups-store/react';
import {
  ARCHIVED,
  confirmDelete,
  confirmInvalidate,
  controlNames,
  DELETE_PROTECTION,
  deleteBlockedText,
  tokensInvalidated,
  transferred,
  unarchived,
} from '../../../shared/dashboardText.js';
import { groupFailureText } from '../../../shared/failureText.js';
import { focusPastRemoval } from '../../../shared/focusPastRemoval.js';
import { focusPastUnarchive } from '../../../shared/focusPastUnarchive.js';
import { groupStateOf, groupStateText, PAUSED_TEXT } from '../../../shared/groupState.js';
import { useLocations } from '../locations.js';
import { useOrganizations } from '../organizations.js';
import { useToast } from '../toast.js';
import { AddLocationForm } from './AddLocationForm.js';
import { ConfirmButton } from './ConfirmButton.js';
import { MintTokenButton, TokenPanel, useMintedToken } from './TokenReveal.js';
import { TransferButton } from './TransferButton.js';

export interface GroupRowProps {
  readonly name: string;
  /** Called once a delete or a transfer is sent and the row is about to leave; must be stable for `memo` to help. */
  readonly onDeleted: () => void;
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
  const { otherOrgs } = useOrganizations();
  const blockedId = useId();
  if (!group) return null;
  const isProtected = group.delete_protection === true;
  const state = groupStateOf(meta);
  const stateText = groupStateText(meta);

  function removeLocation(location: string, event: MouseEvent<HTMLButtonElement>): void {
    // The button goes with its location: the focus moves on first.
    focusPastRemoval(event.currentTarget);
    // Optimistic: gone at once, back with the error if the server refuses.
    store.removeLocation(name, location).catch(toast.failure);
  }

  function deleteGroup(): void {
    // Gone at once; a failure brings the group back with its error, and the toast tells.
    store.delete(name).catch(toast.failure);
    onDeleted();
  }

  function invalidateTokens(): void {
    store.invalidateTokens(name).then(() => toast.success(tokensInvalidated(name)), toast.failure);
  }

  function toggleProtection(): void {
    // Shown at once; a refusal turns it back, with the error here and in the toast.
    store.setDeleteProtection(name, !isProtected).catch(toast.failure);
  }

  function unarchive(event: MouseEvent<HTMLButtonElement>): void {
    // The button goes with the badge at once: the focus moves on first.
    focusPastUnarchive(event.currentTarget);
    store.unarchive(name).then(() => toast.success(unarchived(name)), toast.failure);
  }

  function transfer(organization: string): void {
    // Gone from this list at once; a refusal brings it back with its error, and the toast tells.
    store.transfer(name, organization).then(() => toast.success(transferred(name, organization)), toast.failure);
    onDeleted();
  }

  return (
    <li className="group" data-group={name} data-state={state}>
      <div className="group-head">
        <h3 className="group-name" tabIndex={-1}>
          {name}
        </h3>
        {group.archived === true && (
          <>
            <span className="badge" data-archived>
              {ARCHIVED}
            </span>
            <button type="button" className="secondary small" aria-label={controlNames.unarchive(name)} onClick={unarchive}>
              Unarchive
            </button>
          </>
        )}
        {stateText !== '' && <span data-state-label>{stateText}</span>}
        {meta.paused && <span data-state-label>{PAUSED_TEXT}</span>}
        <div className="group-settings">
          {otherOrgs.length > 0 && <TransferButton name={name} onConfirm={transfer} />}
          <button type="button" role="switch" aria-checked={isProtected} className="small" aria-label={controlNames.deleteProtection(name)} onClick={toggleProtection}>
            <span className="switch-track" aria-hidden="true" />
            {DELETE_PROTECTION}
          </button>
        </div>
      </div>

      <ul className="locations" aria-label={controlNames.locations(name)}>
        {group.locations.map((location) => {
          const primary = location === group.primary;
          return (
            <li key={location} className="location" data-location={location} data-primary={primary ? '' : undefined}>
              <span title={locations?.[location]}>{location}</span>
              {primary ? (
                <span className="primary-mark">primary</span>
              ) : (
                <button type="button" aria-label={controlNames.removeLocation(location, name)} title={`Remove ${location}`} onClick={(event) => removeLocation(location, event)}>
                  ×
                </button>
              )}
            </li>
          );
        })}
      </ul>

      {meta.error && (
        <p className="group-error" data-error>
          {groupFailureText(meta, group)}
        </p>
      )}

      <div className="group-actions">
        <AddLocationForm name={name} held={group.locations} />
        <MintTokenButton name={name} token={token} />
        <ConfirmButton label="Invalidate tokens" name={controlNames.invalidateTokens(name)} question={confirmInvalidate(name)} onConfirm={invalidateTokens} className="secondary small" />
        <ConfirmButton label="Delete" name={controlNames.delete(name)} question={confirmDelete(name)} onConfirm={deleteGroup} blockedBy={isProtected ? blockedId : undefined} />
        {isProtected && (
          <p id={blockedId} className="hint" data-delete-blocked>
            {deleteBlockedText(name)}
          </p>
        )}
      </div>

      {token.jwt !== undefined && <TokenPanel key={token.serial} name={name} jwt={token.jwt} token={token} />}
    </li>
  );
});
