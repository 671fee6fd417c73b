import type { GroupsOperation } from '../errors.js';
import { isValidGroupName, isValidLocation } from '../api/validate.js';

// The request path is matched as written, segment by segment, and never
// decoded as a whole first: `..`, `%2e%2e`, `%2F` and `\` would otherwise
// turn into path structure after the check. Whatever matches is forwarded on
// a path rebuilt from the checked values, never from the request's text.

export type ProxyOperation = Exclude<GroupsOperation, 'request'>;

export type ProxyMethod = 'GET' | 'POST' | 'DELETE';

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

function routeFor(method: string, candidates: Partial<Record<ProxyMethod, ProxyOperation>>, path: string, group?: string): RouteMatch {
  const operation = candidates[method as ProxyMethod];
  if (operation === undefined) return { kind: 'method', allow: Object.keys(candidates).join(', ') };
  return { kind: 'route', route: { operation, method: method as ProxyMethod, group, path } };
}

/**
 * The groups route of `org` (or the locations list) that `method` and the
 * raw `path` name. Fixed segments must be spelled exactly (`%67roups` is not
 * `groups`); the organization must decode to `org`; a group name or location
 * must decode to a valid one. Anything else is `none`, so another
 * organization, another resource or a crafted path all look alike.
 */
export function matchProxyRoute(method: string, path: string, org: string): RouteMatch {
  if (!path.startsWith('/')) return NONE;
  const raw = path.slice(1).split('/');
  const values = raw.map(segmentValue);
  if (values.includes(undefined)) return NONE;
  const fixed = (index: number, text: string): boolean => raw[index] === text;

  if (raw.length === 2 && fixed(0, 'v1') && fixed(1, 'locations')) return routeFor(method, { GET: 'listLocations' }, '/v1/locations');
  if (raw.length < 4 || !fixed(0, 'v1') || !fixed(1, 'organizations') || values[2] !== org || !fixed(3, 'groups')) return NONE;
  const groups = `/v1/organizations/${encodeURIComponent(org)}/groups`;
  if (raw.length === 4) return routeFor(method, { GET: 'list', POST: 'create' }, groups);

  const name = values[4];
  if (!isValidGroupName(name)) return NONE;
  const group = `${groups}/${encodeURIComponent(name)}`;
  if (raw.length === 5) return routeFor(method, { GET: 'retrieve', DELETE: 'delete' }, group, name);
  if (raw.length !== 7) return NONE;

  const location = values[6];
  if (fixed(5, 'locations') && isValidLocation(location)) {
    return routeFor(method, { POST: 'addLocation', DELETE: 'removeLocation' }, `${group}/locations/${encodeURIComponent(location)}`, name);
  }
  if (fixed(5, 'auth') && fixed(6, 'tokens')) return routeFor(method, { POST: 'mintToken' }, `${group}/auth/tokens`, name);
  if (fixed(5, 'auth') && fixed(6, 'rotate')) return routeFor(method, { POST: 'invalidateTokens' }, `${group}/auth/rotate`, name);
  return NONE;
}

/**
 * The path below `basePath`, or `undefined` when the request is not under
 * it. Compared as raw text: `basePath` has a single spelling (no `%`).
 */
export function belowBasePath(path: string, basePath: string): string | undefined {
  if (basePath === '') return path;
  return path.startsWith(`${basePath}/`) ? path.slice(basePath.length) : undefined;
}
