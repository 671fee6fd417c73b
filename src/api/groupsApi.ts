import type { Group, Locations, MintedToken, NewGroup, TokenOptions } from './group.js';
import { GroupsError, invalidRequest as invalid, isGroupsError, type GroupsOperation } from '../errors.js';
import { pathSegment } from './pathSegment.js';
import { readEmpty, readGroup, readGroups, readLocations, readMintedToken } from './responseShape.js';
import { quote } from '../input/quote.js';
import { assertGroupName, assertLocation, readNewGroup, readSignal, readTokenOptions } from './validate.js';
import type { Transport, TransportRequest } from '../transport/transport.js';

/** Per-call options. */
export interface CallOptions {
  /** Aborts the call; it then rejects with an `aborted` GroupsError. */
  readonly signal?: AbortSignal | undefined;
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

  async function send(operation: GroupsOperation, group: string | undefined, request: TransportRequest): Promise<unknown> {
    try {
      return await transport(request);
    } catch (error) {
      if (isGroupsError(error)) throw error.withContext(operation, group);
      const aborted = (error as { name?: unknown } | null)?.name === 'AbortError';
      throw new GroupsError({ code: aborted ? 'aborted' : 'network', operation, group, detail: aborted ? 'aborted' : 'transport failed', cause: error });
    }
  }

  // Every method is async, so a bad argument rejects and never throws
  // synchronously; each sends only copies it checked, never the caller's objects.
  return {
    org,
    async list(call) {
      const signal = readSignal('list', undefined, call);
      return readGroups(await send('list', undefined, { method: 'GET', path: orgPath, signal }));
    },
    async create(group, call) {
      const body = readNewGroup(group);
      const signal = readSignal('create', body.name, call);
      return readGroup('create', body.name, await send('create', body.name, { method: 'POST', path: orgPath, body, signal }));
    },
    async retrieve(name, call) {
      const path = groupPath('retrieve', name);
      const signal = readSignal('retrieve', name, call);
      return readGroup('retrieve', name, await send('retrieve', name, { method: 'GET', path, signal }));
    },
    async delete(name, call) {
      const path = groupPath('delete', name);
      const signal = readSignal('delete', name, call);
      return readGroup('delete', name, await send('delete', name, { method: 'DELETE', path, signal }));
    },
    async addLocation(name, location, call) {
      const path = groupPath('addLocation', name);
      assertLocation('addLocation', name, location);
      const full = `${path}/locations/${pathSegment('addLocation', 'location', location)}`;
      const signal = readSignal('addLocation', name, call);
      return readGroup('addLocation', name, await send('addLocation', name, { method: 'POST', path: full, signal }));
    },
    async removeLocation(name, location, call) {
      const path = groupPath('removeLocation', name);
      assertLocation('removeLocation', name, location);
      const full = `${path}/locations/${pathSegment('removeLocation', 'location', location)}`;
      const signal = readSignal('removeLocation', name, call);
      return readGroup('removeLocation', name, await send('removeLocation', name, { method: 'DELETE', path: full, signal }));
    },
    async mintToken(name, token = {}, call) {
      const path = `${groupPath('mintToken', name)}/auth/tokens`;
      const checked = readTokenOptions(name, token);
      const signal = readSignal('mintToken', name, call);
      const query: Record<string, string> = {};
      if (checked.expiration !== undefined) query.expiration = checked.expiration;
      if (checked.authorization !== undefined) query.authorization = checked.authorization;
      const request: TransportRequest = checked.permissions === undefined
        ? { method: 'POST', path, query, signal }
        : { method: 'POST', path, query, body: { permissions: checked.permissions }, signal };
      return readMintedToken(name, await send('mintToken', name, request));
    },
    async invalidateTokens(name, call) {
      const path = `${groupPath('invalidateTokens', name)}/auth/rotate`;
      const signal = readSignal('invalidateTokens', name, call);
      readEmpty('invalidateTokens', name, await send('invalidateTokens', name, { method: 'POST', path, signal }));
    },
    async listLocations(call) {
      const signal = readSignal('listLocations', undefined, call);
      return readLocations(await send('listLocations', undefined, { method: 'GET', path: '/v1/locations', signal }));
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
