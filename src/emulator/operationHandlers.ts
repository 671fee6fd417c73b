import type { Answer, EmulatedGroups } from './emulatedGroups.js';
import type { EmulatorOperation } from './faultPlan.js';

/** One request, as the handler of its operation gets it, its route, token and body already checked. */
export interface EmulatorCall {
  /** The groups of the path's organization; on a path without one (the locations list), the emulator's own. */
  readonly groups: EmulatedGroups;
  /** The path's `{group}`, decoded; `''` on a path without one. */
  readonly name: string;
  /** The path's `{location}`, decoded; `''` on a path without one. */
  readonly location: string;
  readonly query: URLSearchParams;
  /** The JSON body; `undefined` for none, and for an operation the contract gives no body. */
  readonly body: unknown;
  /** The groups of another organization the token is a member of, by slug; `undefined` for one it is not. */
  readonly organization: (slug: string) => EmulatedGroups | undefined;
}

export type EmulatorHandler = (call: EmulatorCall) => Answer | Promise<Answer>;

/**
 * What the emulator does for each operation of the contract: routing, the
 * token, the organization and the body are the platform's (see
 * `platformEmulator.ts`); the rest is here, one line each. An operation
 * without its line does not compile.
 */
export const HANDLERS = {
  list: ({ groups }) => groups.list(),
  create: ({ groups, body }) => groups.create(body),
  retrieve: ({ groups, name }) => groups.retrieve(name),
  delete: ({ groups, name }) => groups.delete(name),
  addLocation: ({ groups, name, location }) => groups.addLocation(name, location),
  removeLocation: ({ groups, name, location }) => groups.removeLocation(name, location),
  mintToken: ({ groups, name, query, body }) => groups.mintToken(name, query, body),
  invalidateTokens: ({ groups, name }) => groups.invalidateTokens(name),
  getConfiguration: ({ groups, name }) => groups.getConfiguration(name),
  updateConfiguration: ({ groups, name, body }) => groups.updateConfiguration(name, body),
  unarchive: ({ groups, name }) => groups.unarchive(name),
  transfer: ({ groups, name, body, organization }) => groups.transfer(name, body, organization),
  listLocations: ({ groups }) => groups.listLocations(),
} as const satisfies Readonly<Record<EmulatorOperation, EmulatorHandler>>;
