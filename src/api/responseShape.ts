import type { Group, GroupConfiguration, Locations, MintedToken } from './group.js';
import { GroupsError, type GroupsOperation } from '../errors.js';

// Checks that an answer has the documented shape, so a wrong one fails here as
// `bad_response` instead of crashing later in a subscriber. Messages describe
// the expected shape and never quote the body: it may hold a JWT.

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Plain loops and inline checks rather than every() and helpers: a list answer
// checks every one of its groups, on the page's first render, where the code
// still runs in the interpreter and each call costs more than the check.

export function isGroup(value: unknown): value is Group {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const group = value as Record<string, unknown>;
  if (typeof group.name !== 'string' || typeof group.primary !== 'string') return false;
  const locations = group.locations;
  if (!Array.isArray(locations)) return false;
  for (let i = 0; i < locations.length; i++) if (typeof locations[i] !== 'string') return false;
  // Each optional field read once, in this order, and only while the ones before passed (a getter may throw).
  let field: unknown;
  return (
    ((field = group.uuid) === undefined || typeof field === 'string') &&
    ((field = group.version) === undefined || typeof field === 'string') &&
    ((field = group.archived) === undefined || typeof field === 'boolean') &&
    ((field = group.delete_protection) === undefined || typeof field === 'boolean')
  );
}

export function isGroupArray(value: unknown): value is Group[] {
  if (!Array.isArray(value)) return false;
  for (let i = 0; i < value.length; i++) if (!isGroup(value[i])) return false;
  return true;
}

function badResponse(operation: GroupsOperation, group: string | undefined, expected: string): GroupsError {
  return new GroupsError({ code: 'bad_response', operation, group, detail: `unexpected response: expected ${expected}` });
}

export function readGroups(body: unknown): Group[] {
  if (!isRecord(body) || !isGroupArray(body.groups)) {
    throw badResponse('list', undefined, '{ groups: Group[] }');
  }
  return body.groups;
}

/** `group` when it is the one asked for: an answer about another would be shown under this name. */
function theGroupAskedFor(operation: GroupsOperation, name: string, group: Group): Group {
  if (group.name !== name) throw badResponse(operation, name, `the group ${JSON.stringify(name)}, not another one`);
  return group;
}

/** The group in `{ group }`, which must be the one asked for. */
export function readGroup(operation: GroupsOperation, name: string, body: unknown): Group {
  if (!isRecord(body) || !isGroup(body.group)) throw badResponse(operation, name, '{ group: Group }');
  return theGroupAskedFor(operation, name, body.group);
}

/** A group answered as itself, not in `{ group }` (what transfer answers), which must be the one asked for. */
export function readUnwrappedGroup(operation: GroupsOperation, name: string, body: unknown): Group {
  if (!isGroup(body)) throw badResponse(operation, name, 'a Group (not wrapped in { group })');
  return theGroupAskedFor(operation, name, body);
}

/** `{ delete_protection }`: a group's configuration; other fields are kept. */
export function readConfiguration(operation: GroupsOperation, name: string, body: unknown): GroupConfiguration {
  if (!isRecord(body) || typeof body.delete_protection !== 'boolean') throw badResponse(operation, name, '{ delete_protection: boolean }');
  return body as GroupConfiguration;
}

export function readMintedToken(name: string, body: unknown): MintedToken {
  if (!isRecord(body) || typeof body.jwt !== 'string' || body.jwt === '') {
    throw badResponse('mintToken', name, '{ jwt: string }');
  }
  return { jwt: body.jwt };
}

export function readEmpty(operation: GroupsOperation, name: string, body: unknown): void {
  if (body === undefined || body === null || body === '' || isRecord(body)) return;
  throw badResponse(operation, name, 'an empty body');
}

export function readLocations(body: unknown): Locations {
  if (!isRecord(body) || !isRecord(body.locations) || !Object.values(body.locations).every((v) => typeof v === 'string')) {
    throw badResponse('listLocations', undefined, '{ locations: Record<string, string> }');
  }
  return body.locations as Locations;
}
