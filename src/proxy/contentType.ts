import { hasNoOtherOrigin } from './fetchMetadata.js';

// Which `Content-Type` a request may come with. The rule exists because an
// HTML form on another site can POST with the user's cookies and without a
// preflight, as `application/x-www-form-urlencoded`, `multipart/form-data`
// or `text/plain`, and a text/plain form body can be made to parse as JSON
// (`{"name":"evil","location":"lhr","x":"="}`). Such a page cannot read the
// answer (no CORS), but a create or a rotate acts all the same.
//
// `text/plain` is also what fetch labels a string body sent without a type:
// Turso's own client, @tursodatabase/api, mints tokens that way. So it is
// taken when the request shows that no page of another origin made it (see
// `hasNoOtherOrigin`), which is what the rule stood in for; the form-only
// types never are.

/** What a request's `Content-Type` says its body is. */
export type BodyMediaType = 'json' | 'text' | 'none' | 'other';

export function bodyMediaTypeOf(headers: Headers): BodyMediaType {
  const value = headers.get('content-type');
  if (value === null) return 'none';
  const essence = value.split(';', 1)[0]?.trim().toLowerCase();
  if (essence === 'application/json') return 'json';
  return essence === 'text/plain' ? 'text' : 'other';
}

/**
 * Whether the proxy takes a request with these headers, checked on every
 * route before anyone's code runs: `application/json` or none, or
 * `text/plain` from a request no other origin made.
 */
export function isAcceptedContentType(headers: Headers): boolean {
  const type = bodyMediaTypeOf(headers);
  return type === 'json' || type === 'none' || (type === 'text' && hasNoOtherOrigin(headers));
}
