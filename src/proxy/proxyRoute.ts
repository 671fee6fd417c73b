import { isValidGroupName, isValidLocation } from '../api/validate.js';
import { CONTRACT } from '../contract/contract.js';
import type { Operation } from '../contract/operations.js';
import { buildPath, type PathParam } from '../contract/path.js';
import { lookupRoute } from '../contract/routes.js';
import type { HttpMethod } from '../transport/transport.js';

// The routes are the contract's (src/contract): each operation's method and
// path. The request path is matched as written, segment by segment, and
// never decoded as a whole first: `..`, `%2e%2e`, `%2F` and `\` would
// otherwise turn into path structure after the check. Whatever matches is
// forwarded on a path rebuilt from the checked values, never from the
// request's text.

export type ProxyOperation = Operation;

export type ProxyMethod = HttpMethod;

export interface ProxyRoute {
  readonly operation: ProxyOperation;
  readonly method: ProxyMethod;
  readonly group: string | undefined;
  /** The upstream path, built from the configured org and the checked name and location. */
  readonly path: string;
}

export type RouteMatch =
  | { readonly kind: 'route'; readonly route: ProxyRoute }
  /** A path the proxy serves, asked for with another method; `allow` is the `Allow` header. */
  | { readonly kind: 'method'; readonly allow: string }
  | { readonly kind: 'none' };

const NONE: RouteMatch = { kind: 'none' };

/**
 * The path of a URL exactly as the text has it, without the query and
 * fragment, or `undefined` for a URL with no `scheme://authority`. A URL
 * parser would have resolved dots and turned `\` into `/` first.
 */
export function rawPathOf(url: string): string | undefined {
  const match = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#\\]*([^?#]*)/.exec(url);
  if (!match) return undefined;
  return match[1] === '' ? '/' : match[1];
}

/**
 * One segment's value, or `undefined` when the segment is empty (from `//` or
 * a trailing `/`), holds a raw `\`, is not valid percent-encoding, or decodes
 * to `.`, `..` or anything holding `/` or `\` (`%2e%2e`, `%2F`, `%5C`).
 */
function segmentValue(raw: string): string | undefined {
  if (raw === '' || raw.includes('\\')) return undefined;
  let value: string;
  try {
    value = decodeURIComponent(raw);
  } catch {
    return undefined;
  }
  if (value === '.' || value === '..' || value.includes('/') || value.includes('\\')) return undefined;
  return value;
}

/**
 * The route of `org` (or the locations list) that `method` and the raw
 * `path` name. Fixed segments must be spelled exactly (`%67roups` is not
 * `groups`); the organization must decode to `org`; a group name or location
 * must decode to a valid one. Anything else is `none`, so another
 * organization, another resource or a crafted path all look alike.
 */
export function matchProxyRoute(method: string, path: string, org: string): RouteMatch {
  if (!path.startsWith('/')) return NONE;
  const raw = path.slice(1).split('/');
  const values = raw.map(segmentValue);
  if (values.includes(undefined)) return NONE;
  const checked = (param: PathParam, text: string): string | undefined => {
    const value = segmentValue(text);
    switch (param) {
      case 'org':
        return value === org ? value : undefined;
      case 'group':
        return isValidGroupName(value) ? value : undefined;
      case 'location':
        return isValidLocation(value) ? value : undefined;
    }
  };
  const found = lookupRoute(method, raw, checked);
  if (found.kind === 'none') return NONE;
  if (found.kind === 'method') return { kind: 'method', allow: found.methods.join(', ') };
  const { operation, values: named } = found;
  const entry = CONTRACT[operation];
  // Rebuilt from the checked values alone: each one segment, encoded.
  const rebuilt = buildPath(entry.path, (param) => encodeURIComponent(named[param] ?? ''));
  return { kind: 'route', route: { operation, method: entry.method, group: named.group, path: rebuilt } };
}

/**
 * The path below `basePath`, or `undefined` when the request is not under
 * it. Compared as raw text: `basePath` has a single spelling (no `%`).
 */
export function belowBasePath(path: string, basePath: string): string | undefined {
  if (basePath === '') return path;
  return path.startsWith(`${basePath}/`) ? path.slice(basePath.length) : undefined;
}
