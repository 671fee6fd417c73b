// The words the four dashboards share, so that they say the same things the
// same way. Failures are worded in failureText.ts, the event log in
// describeEvent.ts, a group's state in groupState.ts.
import { messageOf } from './failureText.js';
import type { LocationsState } from './locationsFeed.js';

/** The skip link's text; it leads to the groups list's heading, `#groups-heading`. */
export const SKIP_TO_GROUPS = 'Skip to the groups';
export const GROUPS_HEADING_ID = 'groups-heading';

/** The line under the title: which organization, on which API (`describeApi` of the dashboard's configuration). */
export function subtitle(org: string, api: string): string {
  return `Organization ${org} · ${api}`;
}

/** The event log's explanation. */
export const EVENT_LOG_HINT = 'What the store did, newest first (the last 50).';

/** The groups list with nothing in it, by the list's status. */
export const NO_GROUPS = 'No groups yet: create one above.';
export const LOADING_GROUPS = 'Loading the groups…';

/** The button that reads the groups (and the locations, if they failed) again. */
export const REFRESH = 'Refresh';
/** The button beside a failed first load. */
export const TRY_AGAIN = 'Try again';

/** Why the create form's button waits, while the locations are not there; `undefined` once they are. */
export function locationsUnavailableText(state: LocationsState): string | undefined {
  switch (state.status) {
    case 'ready':
      return undefined;
    case 'loading':
      return 'Loading the locations: Create waits for them.';
    case 'error':
      return `${messageOf(state.error)}. Create needs them: they are asked for again with each refresh of the groups, or press “${REFRESH}”.`;
  }
}

/** A location select's one option while there is nothing to choose. */
export function noLocationChoice(state: LocationsState): string {
  switch (state.status) {
    case 'ready':
      return 'No other location';
    case 'loading':
      return 'Loading locations…';
    case 'error':
      return 'Locations unavailable';
  }
}

/** A destructive command's question: the dialog's title, what follows, and its confirm button. */
export interface Confirmation {
  readonly title: string;
  readonly message: string;
  readonly confirmLabel: string;
}

export function confirmDelete(group: string): Confirmation {
  return { title: `Delete the group “${group}”?`, message: 'Its databases go with it. This cannot be undone.', confirmLabel: 'Confirm delete' };
}

export function confirmInvalidate(group: string): Confirmation {
  return {
    title: `Invalidate the tokens of “${group}”?`,
    message: 'Every token minted for its databases stops working at once; apps that use one need a new token.',
    confirmLabel: 'Confirm invalidate',
  };
}

/** The first step of a transfer: where to. */
export interface TransferChoice {
  readonly title: string;
  readonly message: string;
  /** The organization select's label, which names the group. */
  readonly targetLabel: string;
  readonly nextLabel: string;
}

/** The transfer dialog's buttons: to the question, and its confirmation. */
export const TRANSFER_NEXT = 'Next';
export const CONFIRM_TRANSFER = 'Confirm transfer';

export function chooseTransfer(group: string): TransferChoice {
  return {
    title: `Transfer the group “${group}”`,
    message: 'Choose the organization it moves to. Its databases go with it.',
    targetLabel: `Organization to transfer ${group} to`,
    nextLabel: TRANSFER_NEXT,
  };
}

/** The second step of a transfer: the question, once the organization is chosen. */
export function confirmTransfer(group: string, from: string, to: string): Confirmation {
  return {
    title: `Transfer “${group}” to ${to}?`,
    message: `It leaves ${from} with its databases and is listed in ${to} instead: only someone in ${to} can move it back.`,
    confirmLabel: CONFIRM_TRANSFER,
  };
}

/** The button that goes back from a dialog's question to its choice. */
export const BACK = 'Back';

/** Said once the server has moved a group to another organization. */
export function transferred(group: string, to: string): string {
  return `${group} transferred to ${to}: it is listed there now, not here.`;
}

/** Said once the server has brought an archived group back. */
export function unarchived(group: string): string {
  return `${group} unarchived: its databases are active again.`;
}

/** The badge of a group Turso archived for inactivity. */
export const ARCHIVED = 'Archived';

/** The visible label of a group's delete-protection switch (its accessible name also names the group). */
export const DELETE_PROTECTION = 'Delete protection';

/** Why a group's Delete waits, shown beside it and tied to it while its protection is on. */
export function deleteBlockedText(group: string): string {
  return `Turn off delete protection to delete ${group}`;
}

/** Said once the server has invalidated a group's tokens. */
export function tokensInvalidated(group: string): string {
  return `Tokens of ${group} invalidated: the old ones no longer work.`;
}

/** The note above a minted token. */
export const TOKEN_NOTE = 'Shown once: copy it now. It is kept nowhere once dismissed.';
export const TOKEN_COPIED = 'Copied.';

export function tokenCopyFailed(error: unknown): string {
  return `Couldn't copy the token (${messageOf(error)}): select it and copy it by hand.`;
}

/** The accessible names of a group's controls: each names the group, so a list of controls reads on its own. */
export const controlNames = {
  locationToAdd: (group: string) => `Location to add to ${group}`,
  addLocation: (group: string) => `Add location to ${group}`,
  removeLocation: (location: string, group: string) => `Remove location ${location} from ${group}`,
  mintToken: (group: string) => `Mint token for ${group}`,
  invalidateTokens: (group: string) => `Invalidate tokens of ${group}`,
  delete: (group: string) => `Delete ${group}`,
  deleteProtection: (group: string) => `Delete protection for ${group}`,
  unarchive: (group: string) => `Unarchive ${group}`,
  transfer: (group: string) => `Transfer ${group}`,
  copyToken: (group: string) => `Copy token for ${group}`,
  dismissToken: (group: string) => `Dismiss token for ${group}`,
  locations: (group: string) => `Locations of ${group}`,
  token: (group: string) => `New token for ${group}`,
} as const;
