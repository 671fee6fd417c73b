// An operation's path as data: literal segments and parameters. The API
// client builds it from checked values; the emulator and the proxy match a
// request's raw path against it, segment by segment, without decoding the
// path as a whole first (an encoded `/` then never splits a segment).

/** A parameter of a path: the organization slug, the group name, the location key. */
export type PathParam = 'org' | 'group' | 'location';

/** One segment of a path: literal text, matched exactly as written, or a parameter. */
export type PathPart = string | { readonly param: PathParam };

/** The values of a path's parameters, as the request named them. */
export type PathValues = { readonly [P in PathParam]?: string };

export const ORG = { param: 'org' } as const satisfies PathPart;
export const GROUP = { param: 'group' } as const satisfies PathPart;
export const LOCATION = { param: 'location' } as const satisfies PathPart;

/** `/v1/organizations/{org}/groups`, below which every groups operation lives. */
export const GROUPS_PATH = ['v1', 'organizations', ORG, 'groups'] as const satisfies readonly PathPart[];
/** `/v1/organizations/{org}/groups/{group}`. */
export const GROUP_PATH = [...GROUPS_PATH, GROUP] as const satisfies readonly PathPart[];

/** The parameters a path has, in order. */
export function paramsOf(parts: readonly PathPart[]): PathParam[] {
  return parts.flatMap((part) => (typeof part === 'string' ? [] : [part.param]));
}

/**
 * The path, `/` first, with each parameter replaced by `segment(param)`:
 * the caller encodes (and checks) the value.
 */
export function buildPath(parts: readonly PathPart[], segment: (param: PathParam) => string): string {
  // A loop, not map().join(''): every request builds its path.
  let path = '';
  for (const part of parts) path += `/${typeof part === 'string' ? part : segment(part.param)}`;
  return path;
}

/**
 * The parameters of `raw` (a path's segments, still encoded) when it has the
 * shape of `parts`, else `undefined`. A literal must be spelled exactly
 * (`%67roups` is not `groups`); a parameter's raw text goes to `read`, which
 * returns its value, or `undefined` to refuse the match.
 */
export function matchPath(
  parts: readonly PathPart[],
  raw: readonly string[],
  read: (param: PathParam, raw: string) => string | undefined,
): PathValues | undefined {
  if (raw.length !== parts.length) return undefined;
  const values: { [P in PathParam]?: string } = {};
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as PathPart;
    const text = raw[i] as string;
    if (typeof part === 'string') {
      if (text !== part) return undefined;
      continue;
    }
    const value = read(part.param, text);
    if (value === undefined) return undefined;
    values[part.param] = value;
  }
  return values;
}
