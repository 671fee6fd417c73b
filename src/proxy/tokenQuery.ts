import { isValidAuthorization, isValidExpiration } from '../api/validate.js';

/**
 * The query a token mint is forwarded with: `expiration` and `authorization`
 * when given, each checked and at most once; every other parameter is
 * dropped. An invalid or repeated one is an error rather than dropped, since
 * a mint without its `expiration` would make a token that never expires.
 */
export function readTokenQuery(query: URLSearchParams): { readonly search: string } | { readonly error: string } {
  const forwarded = new URLSearchParams();
  for (const [name, isValid] of [
    ['expiration', isValidExpiration],
    ['authorization', isValidAuthorization],
  ] as const) {
    const values = query.getAll(name);
    if (values.length > 1) return { error: `more than one ${name}` };
    const [value] = values;
    if (value === undefined) continue;
    if (!isValid(value)) return { error: `invalid ${name}` };
    forwarded.set(name, value);
  }
  const search = forwarded.toString();
  return { search: search === '' ? '' : `?${search}` };
}
