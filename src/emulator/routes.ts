import type { EmulatorOperation } from './faultPlan.js';

export interface Route {
  readonly operation: EmulatorOperation;
  readonly org?: string;
  readonly group?: string;
  readonly location?: string;
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

function decode(segment: string | undefined): string | undefined {
  if (segment === undefined) return undefined;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * The operation a request names, `'method'` when the path exists under
 * another method, or `undefined` for an unknown path. Segments are matched
 * while still encoded, so an encoded `/` never splits one.
 */
export function matchRoute(method: string, pathname: string): Route | 'method' | undefined {
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
  return pathExists ? 'method' : undefined;
}
