import type { HttpMethod } from '../transport/transport.js';
import { CONTRACT } from './contract.js';
import { OPERATIONS, type Operation } from './operations.js';
import { matchPath, type PathParam, type PathValues } from './path.js';

/** What a method and a path name in the contract. */
export type RouteLookup =
  | { readonly kind: 'route'; readonly operation: Operation; readonly values: PathValues }
  /** A path of the contract, asked for with a method it does not have there; `methods` are the ones it has. */
  | { readonly kind: 'method'; readonly methods: readonly HttpMethod[] }
  | { readonly kind: 'none' };

/** Every method some operation uses, in the contract's order. */
export const CONTRACT_METHODS: readonly HttpMethod[] = [...new Set(OPERATIONS.map((operation) => CONTRACT[operation].method))];

/**
 * The operation that `method` and `segments` (a path's segments, still
 * encoded) name. Each parameter's raw text goes to `read`, which decodes and
 * checks it, or refuses the match with `undefined`; see `matchPath`.
 */
export function lookupRoute(method: string, segments: readonly string[], read: (param: PathParam, raw: string) => string | undefined): RouteLookup {
  const methods: HttpMethod[] = [];
  for (const operation of OPERATIONS) {
    const { method: served, path } = CONTRACT[operation];
    const values = matchPath(path, segments, read);
    if (values === undefined) continue;
    if (served === method) return { kind: 'route', operation, values };
    if (!methods.includes(served)) methods.push(served);
  }
  return methods.length > 0 ? { kind: 'method', methods } : { kind: 'none' };
}
