import { readConfiguration, readEmpty, readGroup, readGroups, readLocations, readMintedToken, readUnwrappedGroup } from '../api/responseShape.js';
import {
  assertGroupName,
  assertLocation,
  assertOrganization,
  isValidAuthorization,
  isValidExpiration,
  readConfigurationUpdate,
  readNewGroup,
  readTokenOptions,
} from '../api/validate.js';
import type { HttpMethod } from '../transport/transport.js';
import type { Operation } from './operations.js';
import { GROUP_PATH, GROUPS_PATH, LOCATION, type PathPart } from './path.js';

// Each operation of the contract, declared once, as data (after RTK Query's
// endpoint definitions): its method, its path, whether it takes a body or a
// query, how the caller's input is checked and what of it is sent, and how
// the answer is checked and read. The API client, the emulator's routes and
// CORS, and the proxy's routes and body rule are all derived from this table.

/** What an input reader hands on: checked values, and copies only (never the caller's objects). */
export interface CheckedInput {
  /** The group the call is about: its `{group}` path segment, and the `group` of an error. */
  readonly group?: string;
  /** The `{location}` path segment. */
  readonly location?: string;
  readonly query?: Readonly<Record<string, string>>;
  /** A JSON object, sent as `application/json`. */
  readonly body?: unknown;
}

/** Whether a request carries a JSON object body: never, when the caller gives one, or always. */
export type BodyRule = 'none' | 'optional' | 'required';

/** One operation of the contract. */
export interface OperationContract<Args extends readonly unknown[], Checked extends CheckedInput, Result> {
  readonly method: HttpMethod;
  /** Literal segments and parameters; see `path.ts`. */
  readonly path: readonly PathPart[];
  readonly body: BodyRule;
  /** The query parameters it takes, each with its check; it takes none when absent. */
  readonly query?: Readonly<Record<string, (value: string) => boolean>>;
  /**
   * Checks the caller's arguments, typed `unknown` since any value may come
   * in, and throws a `validation` GroupsError for a bad one, before anything
   * is sent.
   */
  readonly input: (operation: Operation, ...args: Args) => Checked;
  /** Checks the answer's shape, throwing a `bad_response` GroupsError, and gives the typed value. */
  readonly answer: (body: unknown, checked: Checked, operation: Operation) => Result;
}

/** Any entry of the table: the widest `OperationContract`. */
export interface AnyOperationContract {
  readonly method: HttpMethod;
  readonly path: readonly PathPart[];
  readonly body: BodyRule;
  readonly query?: Readonly<Record<string, (value: string) => boolean>>;
  readonly input: (operation: Operation, ...args: never) => CheckedInput;
  readonly answer: (body: unknown, checked: never, operation: Operation) => unknown;
}

/** A table with an entry for every operation: one left out does not compile. */
export type ContractTable = { readonly [O in Operation]: AnyOperationContract };

/** Infers an entry's types from its readers, so the table keeps each operation's own. */
function operation<Args extends readonly unknown[], Checked extends CheckedInput, Result>(
  entry: OperationContract<Args, Checked, Result>,
): OperationContract<Args, Checked, Result> {
  return entry;
}

function checkedName(operation: Operation, name: unknown): string {
  assertGroupName(operation, name);
  return name;
}

const noInput = (_operation: Operation): CheckedInput => ({});
const groupInput = (operation: Operation, name: unknown): { readonly group: string } => ({ group: checkedName(operation, name) });
function locationInput(operation: Operation, name: unknown, location: unknown): { readonly group: string; readonly location: string } {
  const group = checkedName(operation, name);
  assertLocation(operation, group, location);
  return { group, location };
}
/** `{ group }`, naming the group asked for. */
const groupAnswer = (body: unknown, { group }: { readonly group: string }, operation: Operation) => readGroup(operation, group, body);

const LOCATION_PATH = [...GROUP_PATH, 'locations', LOCATION] as const;
const CONFIGURATION_PATH = [...GROUP_PATH, 'configuration'] as const;

export const CONTRACT = {
  list: operation({
    method: 'GET',
    path: GROUPS_PATH,
    body: 'none',
    input: noInput,
    answer: (body) => readGroups(body),
  }),
  create: operation({
    method: 'POST',
    path: GROUPS_PATH,
    body: 'required',
    input: (_operation, group: unknown) => {
      const body = readNewGroup(group);
      return { group: body.name, body };
    },
    answer: (body, { group }, operation) => readGroup(operation, group, body),
  }),
  retrieve: operation({ method: 'GET', path: GROUP_PATH, body: 'none', input: groupInput, answer: groupAnswer }),
  delete: operation({ method: 'DELETE', path: GROUP_PATH, body: 'none', input: groupInput, answer: groupAnswer }),
  addLocation: operation({ method: 'POST', path: LOCATION_PATH, body: 'none', input: locationInput, answer: groupAnswer }),
  removeLocation: operation({ method: 'DELETE', path: LOCATION_PATH, body: 'none', input: locationInput, answer: groupAnswer }),
  mintToken: operation({
    method: 'POST',
    path: [...GROUP_PATH, 'auth', 'tokens'],
    body: 'optional',
    query: { expiration: isValidExpiration, authorization: isValidAuthorization },
    input: (operation, name: unknown, token: unknown) => {
      const group = checkedName(operation, name);
      const { expiration, authorization, permissions } = readTokenOptions(group, token === undefined ? {} : token);
      const query: Record<string, string> = {};
      if (expiration !== undefined) query['expiration'] = expiration;
      if (authorization !== undefined) query['authorization'] = authorization;
      return permissions === undefined ? { group, query } : { group, query, body: { permissions } };
    },
    answer: (body, { group }) => readMintedToken(group, body),
  }),
  invalidateTokens: operation({
    method: 'POST',
    path: [...GROUP_PATH, 'auth', 'rotate'],
    body: 'none',
    input: groupInput,
    answer: (body, { group }, operation) => readEmpty(operation, group, body),
  }),
  getConfiguration: operation({
    method: 'GET',
    path: CONFIGURATION_PATH,
    body: 'none',
    input: groupInput,
    // The configuration, not a group.
    answer: (body, { group }, operation) => readConfiguration(operation, group, body),
  }),
  updateConfiguration: operation({
    method: 'PATCH',
    path: CONFIGURATION_PATH,
    body: 'required',
    input: (operation, name: unknown, configuration: unknown) => {
      const group = checkedName(operation, name);
      return { group, body: readConfigurationUpdate(operation, group, configuration) };
    },
    answer: (body, { group }, operation) => readConfiguration(operation, group, body),
  }),
  unarchive: operation({ method: 'POST', path: [...GROUP_PATH, 'unarchive'], body: 'none', input: groupInput, answer: groupAnswer }),
  transfer: operation({
    method: 'POST',
    path: [...GROUP_PATH, 'transfer'],
    body: 'required',
    input: (operation, name: unknown, organization: unknown) => {
      const group = checkedName(operation, name);
      assertOrganization(operation, group, organization);
      return { group, body: { organization } };
    },
    // The group itself, not wrapped in { group }.
    answer: (body, { group }, operation) => readUnwrappedGroup(operation, group, body),
  }),
  listLocations: operation({
    method: 'GET',
    path: ['v1', 'locations'],
    body: 'none',
    input: noInput,
    answer: (body) => readLocations(body),
  }),
} satisfies ContractTable;

type Contract = typeof CONTRACT;

/** The arguments an operation takes, after the call options. */
export type ArgsOf<O extends Operation> = Contract[O]['input'] extends (operation: Operation, ...args: infer Args) => CheckedInput ? Args : never;
/** What an operation's input reader hands on. */
export type CheckedOf<O extends Operation> = ReturnType<Contract[O]['input']>;
/** What an operation resolves with. */
export type ResultOf<O extends Operation> = ReturnType<Contract[O]['answer']>;

/**
 * The table again, with each entry's types written in terms of its
 * operation's name, so that generic code (the API client's one sender) can
 * index it with a type parameter and keep arguments and result paired.
 */
export const CONTRACT_BY_OPERATION: { readonly [O in Operation]: OperationContract<ArgsOf<O>, CheckedOf<O>, ResultOf<O>> } = CONTRACT;
