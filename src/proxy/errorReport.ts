import { GroupsError } from '../errors.js';
import { redactText } from './redact.js';

// Enough levels for fetch's `TypeError: fetch failed` and its socket error; a cycle must end.
const MAX_CAUSES = 4;

/** The messages of an error and of its causes, outermost first. */
function messages(error: unknown): string[] {
  const found: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth <= MAX_CAUSES && current !== undefined && current !== null; depth++) {
    found.push(current instanceof Error ? current.message : String(current));
    current = current instanceof Error ? current.cause : undefined;
  }
  return found;
}

function mentions(error: unknown, secret: string): boolean {
  if (!(error instanceof Error)) return String(error).includes(secret);
  return messages(error).some((message) => message.includes(secret)) || (error.stack ?? '').includes(secret);
}

/**
 * `error` as it may be reported: when its cause quotes the token (a custom
 * fetch or token getter that put it in a message), the cause is replaced by
 * a plain Error with the same messages, the token redacted.
 */
export function withoutSecret(error: GroupsError, secret: string | undefined): GroupsError {
  if (secret === undefined || secret === '' || error.cause === undefined || !mentions(error.cause, secret)) return error;
  const cause = new Error(redactText(messages(error.cause).join(': '), secret));
  return new GroupsError({ code: error.code, operation: error.operation, group: error.group, status: error.status, detail: error.detail, cause });
}

/** The default `onError`: one line, the error's message and its causes'. */
export function logProxyError(error: GroupsError): void {
  console.error(`[turso-groups-store/proxy] ${messages(error).join(': ')}`);
}
