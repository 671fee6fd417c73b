import { redactJson } from './redact.js';
import { relayed } from './proxyResponse.js';

/** What the upstream answered, as the browser will get it, or why it cannot be passed on. */
export type UpstreamAnswer =
  /** `body`: the parsed JSON as relayed (token redacted), `undefined` when empty. */
  | { readonly kind: 'relay'; readonly response: Response; readonly body: unknown }
  | { readonly kind: 'bad'; readonly detail: string };

// Delay-seconds or an IMF-fixdate (RFC 9110 §10.2.3); anything else is not passed on.
const RETRY_AFTER = /^(?:\d{1,10}|[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT)$/;

function retryAfterOf(headers: Headers, secret: string): string | undefined {
  const value = headers.get('retry-after')?.trim();
  return value !== undefined && RETRY_AFTER.test(value) && !value.includes(secret) ? value : undefined;
}

/**
 * The upstream's status, `Retry-After` and JSON body, passed on; no other
 * header is (no `Set-Cookie`, no upstream internals). The body sent is the
 * parsed value, with the token redacted, serialized again: never the
 * upstream's own bytes, which may hold what parsing dropped (a key that a
 * later duplicate shadows) and so was never checked. An empty body stays
 * empty (rotate answers 200 with none); a body that is not JSON, a redirect
 * (never followed: it would carry the token elsewhere) or a status a
 * Response cannot have is `bad`, and the browser gets a 502 instead.
 */
export function upstreamAnswer(status: number, headers: Headers, text: string, secret: string): UpstreamAnswer {
  if (status >= 300 && status < 400) return { kind: 'bad', detail: `the upstream answered a redirect (${status})` };
  if (status < 200 || status > 599) return { kind: 'bad', detail: `the upstream answered status ${status}` };
  const retryAfter = retryAfterOf(headers, secret);
  if (text.trim() === '') return { kind: 'relay', response: relayed(status, undefined, retryAfter), body: undefined };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'bad', detail: `the upstream answered ${status} with a body that is not JSON` };
  }
  let json: string;
  let redacted: unknown;
  try {
    redacted = redactJson(value, secret);
    json = JSON.stringify(redacted);
  } catch {
    // Only nesting deeper than the stack can make the walk throw; no API answer looks like that.
    return { kind: 'bad', detail: `the upstream answered ${status} with JSON nested too deep to check` };
  }
  // Redaction reaches strings and keys; a token spelt by a number (a token may be digits) is still in the text.
  if (secret !== '' && json.includes(secret)) return { kind: 'bad', detail: `the upstream answered ${status} with the token where it cannot be redacted` };
  return { kind: 'relay', response: relayed(status, json, retryAfter), body: redacted };
}
