import { isGroupsError, type Group, type GroupMeta, type GroupsError, type GroupsOperation } from 'turso-groups-store';
import type { CommandDetails } from './commandDetails.js';

// What the four dashboards say of a failure, in the words of the person using
// them: what could not be done, then why, with the status code in brackets
// for whoever reports it. Never the library's message, which is written for
// developers (`add location to group "eu": 500 injected 500 (server panel)`),
// nor a server's detail text, which may be anything.

/** A failure in words, whatever was thrown: a GroupsError in plain language, anything else by its message. */
export function messageOf(error: unknown): string {
  if (isGroupsError(error)) return failureText(error);
  return error instanceof Error ? error.message : String(error);
}

/** "Couldn't add the location" (`withGroup`: "… to eu"): what could not be done. */
function attemptText(operation: GroupsOperation, group: string | undefined, details: CommandDetails): string {
  const of = (text: string, joiner?: string): string => (group === undefined ? text : [text, joiner, group].filter(Boolean).join(' '));
  switch (operation) {
    case 'list':
      return "Couldn't load the groups";
    case 'create':
      return of("Couldn't create the group");
    case 'retrieve':
      return of("Couldn't read the group");
    case 'delete':
      return of("Couldn't delete the group");
    case 'addLocation':
      return of("Couldn't add the location", 'to');
    case 'removeLocation':
      return of("Couldn't remove the location", 'from');
    case 'mintToken':
      return of("Couldn't mint a token", 'for');
    case 'invalidateTokens':
      return of("Couldn't invalidate the tokens", 'of');
    case 'getConfiguration':
      return of("Couldn't read the delete protection", 'of');
    case 'updateConfiguration':
      // Today the configuration holds only delete protection: said as what was asked.
      if (details.deleteProtection === undefined) return of("Couldn't change the delete protection", 'of');
      return of(`Couldn't turn ${details.deleteProtection ? 'on' : 'off'} delete protection`, 'for');
    case 'unarchive':
      return of("Couldn't unarchive the group");
    case 'transfer':
      return details.organization === undefined ? of("Couldn't transfer the group") : `${of("Couldn't transfer the group")} to ${details.organization}`;
    case 'listLocations':
      return "Couldn't load the locations";
    case 'request':
      return "Couldn't reach the server";
  }
}

function seconds(ms: number): string {
  return `${Math.max(1, Math.ceil(ms / 1000))} s`;
}

/** Why it failed: "the server failed (500)". */
export function reasonText(error: GroupsError): string {
  const status = error.status === undefined ? '' : ` (${error.status})`;
  switch (error.code) {
    case 'server':
      return error.status === 503 ? `the server is unavailable${status}` : `the server failed${status}`;
    case 'rate_limited':
      return error.retryAfterMs === undefined ? `the server is busy${status}` : `the server is busy${status}; try again in ${seconds(error.retryAfterMs)}`;
    case 'network':
      return 'the server could not be reached';
    case 'timeout':
      return `the server took too long to answer${status}`;
    case 'bad_response':
      return `the server's answer could not be read${status}`;
    case 'conflict':
      if (error.operation === 'create') return `a group with that name exists already${status}`;
      if (error.operation === 'transfer') return `that organization has a group with that name already${status}`;
      return `it conflicts with the server's state${status}`;
    case 'not_found':
      return error.group === undefined ? `the server does not know it${status}` : `the group does not exist${status}`;
    case 'unauthorized':
      return `the server did not accept the credentials${status}`;
    case 'forbidden':
      // A transfer is refused so when the token is not a member of the organization it names.
      return error.operation === 'transfer' ? `you are not a member of that organization${status}` : `this is not allowed${status}`;
    case 'payment_required':
      return `the organization's plan does not allow it${status}`;
    case 'validation':
      // A delete is refused so while the group's delete protection is on (another page may have turned it on).
      if (error.operation === 'delete' && error.status === 400) return `the server refused it: its delete protection may be on${status}`;
      // The server's refusal says little a person can use; the library's own checks explain themselves.
      return error.status !== undefined || error.detail === undefined ? `the request was refused${status}` : error.detail;
    case 'aborted':
      return 'it was cancelled';
  }
}

export interface FailureTextOptions {
  /** Names the group in the sentence ("… to eu"), for a message read away from the group's card. @default false */
  readonly withGroup?: boolean | undefined;
  /**
   * What the failed command asked for, where the words depend on it:
   * "Couldn't turn on delete protection", "Couldn't transfer the group to
   * staging". @default {} (the general words: "Couldn't change the delete protection")
   */
  readonly details?: CommandDetails | undefined;
}

/**
 * A GroupsError as a sentence: "Couldn't add the location: the server failed (500)".
 *
 * @example
 * failureText(error, { withGroup: true }) // "Couldn't add the location to eu: the server failed (500)"
 */
export function failureText(error: GroupsError, options: FailureTextOptions = {}): string {
  return `${attemptText(error.operation, options.withGroup ? error.group : undefined, options.details ?? {})}: ${reasonText(error)}`;
}

/**
 * A group's last failure as its card says it, without the group's name (the
 * card names it); `undefined` when there is none. A refused change of delete
 * protection is said as what was asked, the opposite of what the switch
 * shows once it was turned back: "Couldn't turn on delete protection". While
 * another change of it is pending the switch shows that one instead, so the
 * general words are used then.
 */
export function groupFailureText(meta: GroupMeta, group: Group | undefined): string | undefined {
  const { error } = meta;
  if (error === undefined) return undefined;
  const settled = error.operation === 'updateConfiguration' && group !== undefined && !meta.pending.includes('updateConfiguration');
  return failureText(error, settled ? { details: { deleteProtection: group.delete_protection !== true } } : {});
}
