import { CONTRACT_METHODS, lookupRoute } from '../contract/routes.js';
import type { PathValues } from '../contract/path.js';
import type { EmulatorOperation } from './faultPlan.js';

// The emulator's routes are the contract's (src/contract): the method and
// path of each operation, matched on the request's path as it came, still
// encoded, so that an encoded `/` never splits a segment.

/** An operation and its path's parameters (`org`, `group`, `location`), decoded. */
export interface Route extends PathValues {
  readonly operation: EmulatorOperation;
}

/** A path the emulator serves, asked for with a method it does not serve there. */
export interface WrongMethod {
  readonly kind: 'method';
  /** The `Allow` header value: the path's methods, then OPTIONS. */
  readonly allow: string;
}

/** Every method the emulator answers on some path; OPTIONS is the CORS preflight, on any path. */
export const SERVED_METHODS: readonly string[] = [...CONTRACT_METHODS, 'OPTIONS'];

/** A parameter's value: decoded when it decodes, else as it came (the server then finds no such group). */
function decode(raw: string): string | undefined {
  if (raw === '') return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

function segmentsOf(pathname: string): string[] {
  return pathname.startsWith('/') ? pathname.slice(1).split('/') : [];
}

/**
 * The `Allow` value for a method the emulator does not serve at `pathname`:
 * the path's own methods, or, for a path it does not know, every method it
 * serves anywhere (the method is refused before the path is looked at).
 */
export function allowedMethods(pathname: string): string {
  const found = lookupRoute('', segmentsOf(pathname), (_param, raw) => decode(raw));
  return found.kind === 'method' ? [...found.methods, 'OPTIONS'].join(', ') : SERVED_METHODS.join(', ');
}

/**
 * The operation a request names, a `WrongMethod` when the path exists under
 * other methods only, or `undefined` for an unknown path.
 */
export function matchRoute(method: string, pathname: string): Route | WrongMethod | undefined {
  const found = lookupRoute(method, segmentsOf(pathname), (_param, raw) => decode(raw));
  switch (found.kind) {
    case 'route':
      return { ...found.values, operation: found.operation };
    case 'method':
      return { kind: 'method', allow: [...found.methods, 'OPTIONS'].join(', ') };
    case 'none':
      return undefined;
  }
}
