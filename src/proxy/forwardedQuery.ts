/** The query parameters an operation takes, each with its check (a contract entry's `query`). */
export type QueryRule = Readonly<Record<string, (value: string) => boolean>>;

/**
 * The query a request is forwarded with: the parameters `rule` names, when
 * given, each checked and at most once, in the rule's order; every other
 * parameter is dropped (all of them on an operation that takes none). An
 * invalid or repeated one is an error rather than dropped, since a token
 * mint without its `expiration` would make a token that never expires.
 */
export function readForwardedQuery(rule: QueryRule | undefined, query: URLSearchParams): { readonly search: string } | { readonly error: string } {
  if (rule === undefined) return { search: '' };
  const forwarded = new URLSearchParams();
  for (const [name, isValid] of Object.entries(rule)) {
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
