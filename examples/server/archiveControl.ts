// The server's side of the panel's "Archive a group": what Turso does to a
// free-plan group left idle for days, done on demand through
// `/__emulator/archive`, so the dashboards' "Archived" badge and Unarchive
// can be seen without waiting ten days.
import { isGroupsError, isValidGroupName, type Group } from 'turso-groups-store';
import type { PlatformEmulator } from 'turso-groups-store/emulator';
import type { ArchiveCommand } from '../shared/emulatorControl.js';

/** The command in a request body, or the reason it is refused. */
export function readArchiveCommand(body: unknown): ArchiveCommand | string {
  if (typeof body !== 'object' || body === null) return 'expected a JSON object with a group';
  const group = (body as Record<string, unknown>)['group'];
  return isValidGroupName(group) ? { group } : 'group must be a group name: lowercase letters, digits and dashes';
}

/**
 * Archives the group in the emulator's own organization (the one the page
 * shows) and answers it as it now stands; `undefined` when there is no
 * such group there. Archiving an archived group changes nothing.
 */
export function archiveGroup(emulator: PlatformEmulator, command: ArchiveCommand): Group | undefined {
  try {
    return emulator.archive(command.group);
  } catch (error) {
    // The emulator refuses a name it does not hold with a `validation` error; anything else is a fault of ours.
    if (isGroupsError(error) && error.code === 'validation') return undefined;
    throw error;
  }
}
