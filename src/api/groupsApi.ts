import type { Group, Locations, MintedToken, NewGroup, TokenOptions } from './group.js';
import { GroupsError, isGroupsError, type GroupsOperation } from './groupsError.js';
import { pathSegment } from './pathSegment.js';
import { readEmpty, readGroup, readGroups, readLocations, readMintedToken } from './responseShape.js';
import { assertGroupName, assertLocation, assertNewGroup, assertTokenOptions } from './validate.js';
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
 * checked against the documented shape.
 *
 * @example
 * const api = createGroupsApi({ org: 'acme', transport: createFetchTransport({ token }) })
 * const groups = await api.list()
 */
export function createGroupsApi(options: GroupsApiOptions): GroupsApi {
  const { org, transport } = options;
  if (typeof transport !== 'function') {
    throw new GroupsError({ code: 'validation', operation: 'request', detail: 'a transport function is required' });
  }
  const orgPath = `/v1/organizations/${pathSegment('request', 'organization', org)}/groups`;
  const groupPath = (operation: GroupsOperation, name: string): string => {
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

  return {
    org,
    async list(call) {
      return readGroups(await send('list', undefined, { method: 'GET', path: orgPath, signal: call?.signal }));
    },
    async create(group, call) {
      assertNewGroup(group);
      const body = group.extensions === undefined
        ? { name: group.name, location: group.location }
        : { name: group.name, location: group.location, extensions: group.extensions };
      return readGroup('create', group.name, await send('create', group.name, { method: 'POST', path: orgPath, body, signal: call?.signal }));
    },
    async retrieve(name, call) {
      const path = groupPath('retrieve', name);
      return readGroup('retrieve', name, await send('retrieve', name, { method: 'GET', path, signal: call?.signal }));
    },
    async delete(name, call) {
      const path = groupPath('delete', name);
      return readGroup('delete', name, await send('delete', name, { method: 'DELETE', path, signal: call?.signal }));
    },
    async addLocation(name, location, call) {
      const path = groupPath('addLocation', name);
      assertLocation('addLocation', name, location);
      const full = `${path}/locations/${pathSegment('addLocation', 'location', location)}`;
      return readGroup('addLocation', name, await send('addLocation', name, { method: 'POST', path: full, signal: call?.signal }));
    },
    async removeLocation(name, location, call) {
      const path = groupPath('removeLocation', name);
      assertLocation('removeLocation', name, location);
      const full = `${path}/locations/${pathSegment('removeLocation', 'location', location)}`;
      return readGroup('removeLocation', name, await send('removeLocation', name, { method: 'DELETE', path: full, signal: call?.signal }));
    },
    async mintToken(name, token = {}, call) {
      const path = `${groupPath('mintToken', name)}/auth/tokens`;
      assertTokenOptions(name, token);
      const query: Record<string, string> = {};
      if (token.expiration !== undefined) query.expiration = token.expiration;
      if (token.authorization !== undefined) query.authorization = token.authorization;
      const body = token.permissions === undefined
        ? undefined
        : { permissions: { read_attach: { databases: [...token.permissions.read_attach.databases] } } };
      const request: TransportRequest = body === undefined
        ? { method: 'POST', path, query, signal: call?.signal }
        : { method: 'POST', path, query, body, signal: call?.signal };
      return readMintedToken(name, await send('mintToken', name, request));
    },
    async invalidateTokens(name, call) {
      const path = `${groupPath('invalidateTokens', name)}/auth/rotate`;
      readEmpty('invalidateTokens', name, await send('invalidateTokens', name, { method: 'POST', path, signal: call?.signal }));
    },
    async listLocations(call) {
      return readLocations(await send('listLocations', undefined, { method: 'GET', path: '/v1/locations', signal: call?.signal }));
    },
  };
}
