import type { Group, Locations, MintedToken, NewGroup, TokenOptions } from './group.js';
import { GroupsError, invalidRequest as invalid, isGroupsError, type GroupsOperation } from '../errors.js';
import { pathSegment } from './pathSegment.js';
import { readEmpty, readGroup, readGroups, readLocations, readMintedToken } from './responseShape.js';
import { quote } from '../input/quote.js';
import { assertGroupName, assertLocation, readCallOptions, readNewGroup, readTokenOptions } from './validate.js';
import type { Transport, TransportRequest, TransportRetry } from '../transport/transport.js';

/** Per-call options. */
export interface CallOptions {
  /** Aborts the call; it then rejects with an `aborted` GroupsError. */
  readonly signal?: AbortSignal | undefined;
  /**
   * Told of each retry the transport makes (attempt, reason, wait), with the
   * reason tied to this call's operation and group.
   * @default undefined
   */
  readonly onRetry?: ((retry: TransportRetry) => void) | undefined;
}

/** The eight Groups operations and the locations list, as typed promises. */
export interface GroupsApi {
  readonly org: string;
  list(options?: CallOptions): Promise<Group[]>;
  create(group: NewGroup, options?: CallOptions): Promise<Group>;
  retrieve(name: string, options?: CallOptions): Promise<Group>;
  delete(name: string, options?: CallOptions): Promise<Group>;
  addLocation(name: string, location: string, options?: CallOptions): Promise<Group>;
  removeLocation(name: string, location: string, options?: CallOptions): Promise<Group>;
  /** Resolves with the JWT. It is a database credential: hand it on, do not store or log it. */
  mintToken(name: string, token?: TokenOptions, options?: CallOptions): Promise<MintedToken>;
  /** Invalidates every token minted for the group so far. */
  invalidateTokens(name: string, options?: CallOptions): Promise<void>;
  listLocations(options?: CallOptions): Promise<Locations>;
}

export interface GroupsApiOptions {
  /** The organization (or user) slug. */
  readonly org: string;
  /** How requests are sent; see `createFetchTransport`. */
  readonly transport: Transport;
}

/**
 * A promise client for the Groups API. Every input is checked before a
 * request is made, every path segment is URI-encoded, and every answer is
 * checked against the documented shape. Bad input rejects with a
 * `validation` GroupsError before any request, and never throws synchronously.
 *
 * Throws a `validation` GroupsError when `org` is not a non-empty, well-formed
 * string usable as one path segment, or `transport` is not a function.
 *
 * @example
 * const api = createGroupsApi({ org: 'acme', transport: createFetchTransport({ token }) })
 * const groups = await api.list()
 */
export function createGroupsApi(options: GroupsApiOptions): GroupsApi {
  const { org, transport } = readApiOptions(options);
  const orgPath = `/v1/organizations/${pathSegment('request', 'organization', org)}/groups`;
  const groupPath = (operation: GroupsOperation, name: unknown): string => {
    assertGroupName(operation, name);
    return `${orgPath}/${pathSegment(operation, 'group name', name)}`;
  };

  /** Reads the call's options, then sends: a transport failure, and a retry's reason, are tied to the operation and group. */
  async function send(operation: GroupsOperation, group: string | undefined, call: unknown, request: Omit<TransportRequest, 'signal' | 'onRetry'>): Promise<unknown> {
    const { signal, onRetry } = readCallOptions(operation, group, call);
    const told = onRetry && ((retry: TransportRetry): void => onRetry({ ...retry, reason: retry.reason.withContext(operation, group) }));
    try {
      return await transport(told ? { ...request, signal, onRetry: told } : { ...request, signal });
    } catch (error) {
      if (isGroupsError(error)) throw error.withContext(operation, group);
      const aborted = (error as { name?: unknown } | null)?.name === 'AbortError';
      throw new GroupsError({ code: aborted ? 'aborted' : 'network', operation, group, detail: aborted ? 'aborted' : 'transport failed', cause: error });
    }
  }

  const locationPath = (operation: GroupsOperation, name: string, location: string): string => {
    const path = groupPath(operation, name);
    assertLocation(operation, name, location);
    return `${path}/locations/${pathSegment(operation, 'location', location)}`;
  };

  // Every method is async, so a bad argument rejects and never throws
  // synchronously; each sends only copies it checked, never the caller's objects.
  return {
    org,
    async list(call) {
      return readGroups(await send('list', undefined, call, { method: 'GET', path: orgPath }));
    },
    async create(group, call) {
      const body = readNewGroup(group);
      return readGroup('create', body.name, await send('create', body.name, call, { method: 'POST', path: orgPath, body }));
    },
    async retrieve(name, call) {
      const path = groupPath('retrieve', name);
      return readGroup('retrieve', name, await send('retrieve', name, call, { method: 'GET', path }));
    },
    async delete(name, call) {
      const path = groupPath('delete', name);
      return readGroup('delete', name, await send('delete', name, call, { method: 'DELETE', path }));
    },
    async addLocation(name, location, call) {
      const path = locationPath('addLocation', name, location);
      return readGroup('addLocation', name, await send('addLocation', name, call, { method: 'POST', path }));
    },
    async removeLocation(name, location, call) {
      const path = locationPath('removeLocation', name, location);
      return readGroup('removeLocation', name, await send('removeLocation', name, call, { method: 'DELETE', path }));
    },
    async mintToken(name, token = {}, call) {
      const path = `${groupPath('mintToken', name)}/auth/tokens`;
      const checked = readTokenOptions(name, token);
      const query: Record<string, string> = {};
      if (checked.expiration !== undefined) query.expiration = checked.expiration;
      if (checked.authorization !== undefined) query.authorization = checked.authorization;
      const request = checked.permissions === undefined
        ? { method: 'POST' as const, path, query }
        : { method: 'POST' as const, path, query, body: { permissions: checked.permissions } };
      return readMintedToken(name, await send('mintToken', name, call, request));
    },
    async invalidateTokens(name, call) {
      const path = `${groupPath('invalidateTokens', name)}/auth/rotate`;
      readEmpty('invalidateTokens', name, await send('invalidateTokens', name, call, { method: 'POST', path }));
    },
    async listLocations(call) {
      return readLocations(await send('listLocations', undefined, call, { method: 'GET', path: '/v1/locations' }));
    },
  };
}

/** `org` and `transport`, each read once; anything unusable is a validation error. */
function readApiOptions(options: unknown): { org: string; transport: Transport } {
  let org: unknown;
  let transport: unknown;
  try {
    if (typeof options !== 'object' || options === null) throw invalid('expected options { org, transport }');
    ({ org, transport } = options as Record<string, unknown>);
  } catch (error) {
    throw isGroupsError(error) ? error : invalid('the options could not be read', error);
  }
  if (typeof org !== 'string' || org === '') throw invalid(`invalid organization ${quote(org)}: expected a non-empty string`);
  if (typeof transport !== 'function') throw invalid(`invalid transport ${quote(transport)}: a transport function is required`);
  return { org, transport: transport as Transport };
}
