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
