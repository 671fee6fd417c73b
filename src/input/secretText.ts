// Taking secrets out of text that may be shown or logged: the API token, and
// anything shaped like a JWT (a minted token quoted back by a server or a
// fetch wrapper).

const JWT_LIKE = /eyJ[\w-]*\.[\w-]*\.[\w-]*/g;

// Enough levels for fetch's `TypeError: fetch failed` and its socket error; a cycle must end.
const MAX_CAUSES = 4;

/** `text` with `secret` (when given) and anything JWT-shaped taken out. */
export function redactSecrets(text: string, secret: string | undefined): string {
  const withoutSecret = secret ? text.split(secret).join('[redacted]') : text;
  return withoutSecret.replace(JWT_LIKE, '[redacted jwt]');
}

/** The messages of an error and of its causes, outermost first. */
export function causeMessages(error: unknown): string[] {
  const found: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth <= MAX_CAUSES && current !== undefined && current !== null; depth++) {
    found.push(current instanceof Error ? current.message : String(current));
    current = current instanceof Error ? current.cause : undefined;
  }
  return found;
}

/**
 * `cause`, or, when its messages or its stack quote `secret` or a JWT, a
 * plain Error of the same name whose message is its messages joined with
 * those taken out. The original is dropped then: its stack, fields or
 * deeper causes could quote them too.
 */
export function redactedCause(cause: unknown, secret: string | undefined): unknown {
  if (cause === undefined || cause === null) return cause;
  const texts = [...causeMessages(cause), cause instanceof Error ? cause.stack ?? '' : ''];
  if (texts.every((text) => redactSecrets(text, secret) === text)) return cause;
  const copy = new Error(redactSecrets(causeMessages(cause).join(': '), secret));
  if (cause instanceof Error) copy.name = cause.name;
  return copy;
}
