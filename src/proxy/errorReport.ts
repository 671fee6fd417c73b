import { GroupsError } from '../errors.js';
import { causeMessages, redactedCause } from '../input/secretText.js';

/**
 * `error` as it may be reported: when its cause quotes one of `secrets` (the
 * token, quoted by a custom fetch, a token getter or `authorize`) or a JWT,
 * the cause is replaced by a plain Error with the same messages, those taken
 * out.
 */
export function withoutSecret(error: GroupsError, secrets: ReadonlyArray<string | undefined>): GroupsError {
  let cause = redactedCause(error.cause, undefined);
  // Once per distinct secret: a second pass over the same one would find it in what the first wrote.
  for (const secret of new Set(secrets)) if (secret !== undefined && secret !== '') cause = redactedCause(cause, secret);
  if (cause === error.cause) return error;
  return new GroupsError({ code: error.code, operation: error.operation, group: error.group, status: error.status, detail: error.detail, cause });
}

/** The default `onError`: one line, the error's message and its causes'. */
export function logProxyError(error: GroupsError): void {
  console.error(`[turso-groups-store/proxy] ${causeMessages(error).join(': ')}`);
}
