// RFC 9110 §7.2 / RFC 3986 §3.2.2: Host = uri-host [ ":" port ], where
// uri-host is an IP literal in brackets, or a reg-name / IPv4 address made
// of unreserved characters, sub-delims and percent-escapes. No userinfo
// (`user@`), no spaces, no path.
const HOST = /^(\[[0-9A-Fa-f:.]+\]|(?:[A-Za-z0-9\-._~!$&'()*+,;=]|%[0-9A-Fa-f]{2})+)(?::(\d*))?$/;

/**
 * Whether a `Host` header value is a valid authority. A server must answer
 * 400 to an invalid one (RFC 9112 §3.2) rather than build a URL from it.
 */
export function isValidHost(value: string): boolean {
  const match = HOST.exec(value);
  if (!match) return false;
  const port = match[2];
  if (port !== undefined && port !== '' && (port.length > 5 || Number(port) > 65_535)) return false;
  // The grammar lets through what no URL can hold (a bad IPv6 literal, `%00`): ask the URL parser too.
  try {
    new URL(`http://${value}/`);
    return true;
  } catch {
    return false;
  }
}
