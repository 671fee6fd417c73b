import type { GroupsError } from '../errors.js';

/**
 * Whether a failed mutation may still have taken effect on the server. A
 * refusal is certain when the server answered 4xx, or 429/503 (answered
 * before any work is done), or when nothing was sent (a validation error, a
 * cancel, a disposed store). Anything else — another 5xx, an answer we cannot
 * read, a connection lost or timed out after sending — leaves the outcome
 * unknown: only a re-read can tell.
 */
export function outcomeUnknown(error: GroupsError): boolean {
  const { status } = error;
  if (status !== undefined) return status >= 500 ? status !== 503 : status < 400;
  return error.code === 'network' || error.code === 'timeout' || error.code === 'bad_response' || error.code === 'server';
}
