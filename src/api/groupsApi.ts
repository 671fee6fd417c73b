import type { Group, GroupConfiguration, GroupConfigurationUpdate, Locations, MintedToken, NewGroup, TokenOptions } from './group.js';
import { CONTRACT_BY_OPERATION, type ArgsOf, type CheckedInput, type ResultOf } from '../contract/contract.js';
import type { Operation } from '../contract/operations.js';
import { buildPath, type PathParam } from '../contract/path.js';
import { GroupsError, invalidRequest as invalid, isGroupsError } from '../errors.js';
import { pathSegment } from './pathSegment.js';
import { quote } from '../input/quote.js';
import { readCallOptions } from './validate.js';
import type { Transport, TransportAnswer, TransportRequest, TransportRetry } from '../transport/transport.js';

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
  /**
   * Told of each answer's status and headers, as the transport received it
   * (the default transport does; a custom one may not).
   * @default undefined
   */
  readonly onAnswer?: ((answer: TransportAnswer) => void) | undefined;
}

/** The Groups operations and the locations list, as typed promises. */
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
  /** The group's configuration (not the group): `{ delete_protection }`. */
  getConfiguration(name: string, options?: CallOptions): Promise<GroupConfiguration>;
  /**
   * Turns delete protection on or off; resolves with the configuration the
   * server then holds. While it is on, `delete` is refused.
   */
  updateConfiguration(name: string, configuration: GroupConfigurationUpdate, options?: CallOptions): Promise<GroupConfiguration>;
  /** Brings back a group Turso archived for inactivity (`archived: true`); resolves with the group. */
  unarchive(name: string, options?: CallOptions): Promise<Group>;
  /**
   * Moves the group to another organization the token is a member of (its
   * slug); resolves with the group, which is then no longer in this one.
   */
  transfer(name: string, organization: string, options?: CallOptions): Promise<Group>;
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
  const orgSegment = pathSegment('request', 'organization', org);

  /**
   * The one sender, for every operation of the contract (src/contract): it
   * checks the input as the operation declares, builds the path from the
   * checked values, reads the call options, sends, and reads the answer as
   * the operation declares. A transport failure, and a retry's reason, are
   * tied to the operation and group. Async, so a bad argument rejects and
   * never throws synchronously; it sends only the copies it checked.
   */
  async function call<O extends Operation>(operation: O, args: ArgsOf<O>, options: unknown): Promise<ResultOf<O>> {
    const entry = CONTRACT_BY_OPERATION[operation];
    const checked = entry.input(operation, ...args);
    const { group, location, query, body }: CheckedInput = checked;
    // Functions made per call are passed inline, never bound to a name: tsx (the bench, the tests) names
    // such a function with Object.defineProperty, which costs more than the function (0.6 µs in Node 20).
    const path = buildPath(entry.path, (param: PathParam): string => {
      if (param === 'org') return orgSegment;
      const value = param === 'group' ? group : location;
      return pathSegment(operation, param === 'group' ? 'group name' : 'location', value);
    });
    const { signal, onRetry, onAnswer } = readCallOptions(operation, group, options);
    const told = onRetry && ((retry: TransportRetry): void => onRetry({ ...retry, reason: retry.reason.withContext(operation, group) }));
    // Field by field, not spreads of `{}` or `{ query }`: every request makes one.
    const request: { -readonly [K in keyof TransportRequest]: TransportRequest[K] } = { method: entry.method, path };
    if (query !== undefined) request.query = query;
    if (body !== undefined) request.body = body;
    request.signal = signal;
    if (told) request.onRetry = told;
    if (onAnswer) request.onAnswer = onAnswer;
    let answer: unknown;
    try {
      answer = await transport(request);
    } catch (error) {
      if (isGroupsError(error)) throw error.withContext(operation, group);
      const aborted = (error as { name?: unknown } | null)?.name === 'AbortError';
      throw new GroupsError({ code: aborted ? 'aborted' : 'network', operation, group, detail: aborted ? 'aborted' : 'transport failed', cause: error });
    }
    return entry.answer(answer, checked, operation);
  }

  // One line per method: what each does is its contract entry.
  return {
    org,
    list: (options) => call('list', [], options),
    create: (group, options) => call('create', [group], options),
    retrieve: (name, options) => call('retrieve', [name], options),
    delete: (name, options) => call('delete', [name], options),
    addLocation: (name, location, options) => call('addLocation', [name, location], options),
    removeLocation: (name, location, options) => call('removeLocation', [name, location], options),
    mintToken: (name, token, options) => call('mintToken', [name, token], options),
    invalidateTokens: (name, options) => call('invalidateTokens', [name], options),
    getConfiguration: (name, options) => call('getConfiguration', [name], options),
    updateConfiguration: (name, configuration, options) => call('updateConfiguration', [name, configuration], options),
    unarchive: (name, options) => call('unarchive', [name], options),
    transfer: (name, organization, options) => call('transfer', [name, organization], options),
    listLocations: (options) => call('listLocations', [], options),
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
