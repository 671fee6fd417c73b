import { isGroupsError, type GroupsError, type GroupsOperation } from 'turso-groups-store';

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
function attemptText(operation: GroupsOperation, group: string | undefined): string {
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
      return of("Couldn't read the configuration", 'of');
    case 'updateConfiguration':
      return of("Couldn't change the configuration", 'of');
    case 'unarchive':
      return of("Couldn't unarchive the group");
    case 'transfer':
      return of("Couldn't transfer the group");
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
      return error.operation === 'create' ? `a group with that name exists already${status}` : `it conflicts with the server's state${status}`;
    case 'not_found':
      return error.group === undefined ? `the server does not know it${status}` : `the group does not exist${status}`;
    case 'unauthorized':
      return `the server did not accept the credentials${status}`;
    case 'forbidden':
      return `this is not allowed${status}`;
    case 'payment_required':
      return `the organization's plan does not allow it${status}`;
    case 'validation':
      // The server's refusal says little a person can use; the library's own checks explain themselves.
      return error.status !== undefined || error.detail === undefined ? `the request was refused${status}` : error.detail;
    case 'aborted':
      return 'it was cancelled';
  }
}

export interface FailureTextOptions {
  /** Names the group in the sentence ("… to eu"), for a message read away from the group's card. @default false */
  readonly withGroup?: boolean | undefined;
}

/**
 * A GroupsError as a sentence: "Couldn't add the location: the server failed (500)".
 *
 * @example
 * failureText(error, { withGroup: true }) // "Couldn't add the location to eu: the server failed (500)"
 */
export function failureText(error: GroupsError, options: FailureTextOptions = {}): string {
  return `${attemptText(error.operation, options.withGroup ? error.group : undefined)}: ${reasonText(error)}`;
}
