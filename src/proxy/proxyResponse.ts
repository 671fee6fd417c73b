// Every answer the proxy gives, its own errors and the upstream's relayed
// answers alike: JSON, never cached (a body may hold a JWT), never sniffed.
const COMMON_HEADERS: Readonly<Record<string, string>> = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

/** Statuses a Response may not have a body with. */
const NULL_BODY_STATUSES: ReadonlySet<number> = new Set([204, 205, 304]);

/** The proxy's own answer: `{ "error": message }`. */
export function jsonError(status: number, error: string, extraHeaders: Readonly<Record<string, string>> = {}): Response {
  return new Response(JSON.stringify({ error }), {
    status,
    headers: { ...COMMON_HEADERS, ...extraHeaders, 'content-type': 'application/json' },
  });
}

/** An upstream answer passed on: its status, its checked JSON (or no body) and its `Retry-After`. */
export function relayed(status: number, json: string | undefined, retryAfter: string | undefined): Response {
  const headers: Record<string, string> = { ...COMMON_HEADERS };
  if (retryAfter !== undefined) headers['retry-after'] = retryAfter;
  if (json === undefined || NULL_BODY_STATUSES.has(status)) return new Response(null, { status, headers });
  headers['content-type'] = 'application/json';
  return new Response(json, { status, headers });
}
