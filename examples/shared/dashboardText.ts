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
  copyToken: (group: string) => `Copy token for ${group}`,
  dismissToken: (group: string) => `Dismiss token for ${group}`,
  locations: (group: string) => `Locations of ${group}`,
  token: (group: string) => `New token for ${group}`,
} as const;
