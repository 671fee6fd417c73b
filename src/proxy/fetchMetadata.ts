/**
 * Whether the browser says the request was made by a page of another origin
 * (Fetch Metadata, `Sec-Fetch-Site`). Such a page could send the user's
 * cookies along (a form POST to `…/auth/rotate` needs no preflight), and
 * `authorize` would see a valid session: the request is refused before it.
 * `same-origin` and `none` (typed in the address bar) pass; a request
 * without the header (a server, a script, an older browser) is left to
 * `authorize` and to SameSite cookies. The proxy sends no CORS headers, so a
 * page of another origin could not read an answer anyway.
 */
export function isFromAnotherOrigin(headers: Headers): boolean {
  const site = headers.get('sec-fetch-site');
  return site !== null && site !== 'same-origin' && site !== 'none';
}

/**
 * Whether the request shows that no page of another origin made it: the
 * browser says `same-origin` or `none`, or there is neither `Sec-Fetch-Site`
 * nor `Origin`. A browser sends `Origin` on every cross-origin POST, also
 * where it sends no Fetch Metadata (an older browser, or a plain-HTTP site,
 * where `Sec-Fetch-*` is not sent), so a request with neither is a server's
 * or a script's, which holds no user's cookies. An `Origin` without
 * `Sec-Fetch-Site` proves nothing either way, so it is not taken.
 */
export function hasNoOtherOrigin(headers: Headers): boolean {
  const site = headers.get('sec-fetch-site');
  if (site !== null) return site === 'same-origin' || site === 'none';
  return !headers.has('origin');
}
