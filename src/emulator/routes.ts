import type { EmulatorOperation } from './faultPlan.js';

export interface Route {
  readonly operation: EmulatorOperation;
  readonly org?: string;
  readonly group?: string;
  readonly location?: string;
}

/** A path the emulator serves, asked for with a method it does not serve there. */
export interface WrongMethod {
  readonly kind: 'method';
  /** The `Allow` header value: the path's methods, then OPTIONS. */
  readonly allow: string;
}

type Matcher = readonly [method: string, pattern: RegExp, operation: EmulatorOperation];

const SEGMENT = '([^/]+)';
const GROUPS = `^/v1/organizations/${SEGMENT}/groups`;

const MATCHERS: readonly Matcher[] = [
  ['GET', /^\/v1\/locations$/, 'listLocations'],
  ['GET', new RegExp(`${GROUPS}$`), 'list'],
  ['POST', new RegExp(`${GROUPS}$`), 'create'],
  ['GET', new RegExp(`${GROUPS}/${SEGMENT}$`), 'retrieve'],
  ['DELETE', new RegExp(`${GROUPS}/${SEGMENT}$`), 'delete'],
  ['POST', new RegExp(`${GROUPS}/${SEGMENT}/locations/${SEGMENT}$`), 'addLocation'],
  ['DELETE', new RegExp(`${GROUPS}/${SEGMENT}/locations/${SEGMENT}$`), 'removeLocation'],
  ['POST', new RegExp(`${GROUPS}/${SEGMENT}/auth/tokens$`), 'mintToken'],
  ['POST', new RegExp(`${GROUPS}/${SEGMENT}/auth/rotate$`), 'invalidateTokens'],
];

/** Every method the emulator answers on some path; OPTIONS is the CORS preflight, on any path. */
export const SERVED_METHODS: readonly string[] = ['GET', 'POST', 'DELETE', 'OPTIONS'];

function decode(segment: string | undefined): string | undefined {
  if (segment === undefined) return undefined;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * The `Allow` value for a method the emulator does not serve at `pathname`:
 * the path's own methods, or, for a path it does not know, every method it
 * serves anywhere (the method is refused before the path is looked at).
 */
export function allowedMethods(pathname: string): string {
  const methods = MATCHERS.filter(([, pattern]) => pattern.test(pathname)).map(([method]) => method);
  if (methods.length === 0) return SERVED_METHODS.join(', ');
  return [...new Set([...methods, 'OPTIONS'])].join(', ');
}

/**
 * The operation a request names, a `WrongMethod` when the path exists under
 * other methods only, or `undefined` for an unknown path. Segments are
 * matched while still encoded, so an encoded `/` never splits one.
 */
export function matchRoute(method: string, pathname: string): Route | WrongMethod | undefined {
  let pathExists = false;
  for (const [verb, pattern, operation] of MATCHERS) {
    const match = pattern.exec(pathname);
    if (!match) continue;
    if (verb !== method) {
      pathExists = true;
      continue;
    }
    const [, org, group, location] = match;
    const route: { operation: EmulatorOperation; org?: string; group?: string; location?: string } = { operation };
    const decodedOrg = decode(org);
    const decodedGroup = decode(group);
    const decodedLocation = decode(location);
    if (decodedOrg !== undefined) route.org = decodedOrg;
    if (decodedGroup !== undefined) route.group = decodedGroup;
    if (decodedLocation !== undefined) route.location = decodedLocation;
    return route;
  }
  return pathExists ? { kind: 'method', allow: allowedMethods(pathname) } : undefined;
}
