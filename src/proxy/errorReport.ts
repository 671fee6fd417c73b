import { GroupsError } from '../errors.js';
import { causeMessages, redactedCause } from '../input/secretText.js';

/**
 * `error` as it may be reported: when its cause quotes the token (a custom
 * fetch or token getter that put it in a message) or a JWT, the cause is
 * replaced by a plain Error with the same messages, those taken out.
 */
export function withoutSecret(error: GroupsError, secret: string | undefined): GroupsError {
  const cause = redactedCause(error.cause, secret === '' ? undefined : secret);
  if (cause === error.cause) return error;
  return new GroupsError({ code: error.code, operation: error.operation, group: error.group, status: error.status, detail: error.detail, cause });
}

/** The default `onError`: one line, the error's message and its causes'. */
export function logProxyError(error: GroupsError): void {
  console.error(`[turso-groups-store/proxy] ${causeMessages(error).join(': ')}`);
}
