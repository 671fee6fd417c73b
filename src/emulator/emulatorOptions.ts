import { isValidGroupName, isValidLocation } from '../api/validate.js';
import { pathSegment } from '../api/pathSegment.js';
import { invalidRequest as invalid, isGroupsError } from '../errors.js';
import { isHeaderSafe } from '../input/headerSafe.js';
import { isPlainObject } from '../input/plainObject.js';
import { quote } from '../input/quote.js';
import type { SeedGroup } from './emulatedGroups.js';
import { readFaultPlan, type CheckedFaultPlan, type FaultPlan } from './faultPlan.js';
import { DEFAULT_MAX_BODY_BYTES } from './requestBody.js';

/** Locations served when none are given: both key shapes Turso uses. */
export const DEFAULT_LOCATIONS: Readonly<Record<string, string>> = {
  'aws-us-east-1': 'AWS US East (Virginia)',
  'aws-us-east-2': 'AWS US East (Ohio)',
  'aws-us-west-2': 'AWS US West (Oregon)',
  'aws-eu-west-1': 'AWS EU West (Ireland)',
  'aws-ap-northeast-1': 'AWS AP NorthEast (Tokyo)',
  'aws-ap-south-1': 'AWS AP South (Mumbai)',
  ams: 'Amsterdam, Netherlands',
  fra: 'Frankfurt, Germany',
  iad: 'Ashburn, Virginia (US)',
  lhr: 'London, United Kingdom',
  nrt: 'Tokyo, Japan',
  syd: 'Sydney, Australia',
};

/**
 * Every option is read once, when the emulator is created, and checked: one
 * it cannot use throws a `validation` GroupsError naming it. Changing the
 * object afterwards changes nothing.
 */
export interface PlatformEmulatorOptions {
  /** The organization slug it serves; others get 403. One path segment: 1-256 well-formed characters, not `.` or `..`. */
  readonly org: string;
  /**
   * More organizations the token is a member of, served alongside `org`
   * with the same token, each starting with no groups: what a transfer
   * moves a group to. Each a slug as `org` is, distinct, and not `org`.
   * @default []
   * @example otherOrgs: ['staging']
   */
  readonly otherOrgs?: readonly string[];
  /** The Platform API token it accepts as `Authorization: Bearer …`: visible ASCII, no spaces. */
  readonly token: string;
  /**
   * The locations it serves, key to description. Keys have one of the two
   * shapes Turso uses (`lhr`, `aws-us-east-1`); descriptions are strings.
   * @default DEFAULT_LOCATIONS
   */
  readonly locations?: Readonly<Record<string, string>>;
  /**
   * The groups it starts with, in `org`: each a valid, distinct group name,
   * a non-empty list of distinct locations (keys of `locations`), a
   * `primary` among them, a string `uuid` if any, and booleans `archived`
   * and `delete_protection` if any (`archived: true` as if Turso had
   * archived it for inactivity); any other field is served as given and
   * must be JSON.
   * @default []
   */
  readonly groups?: readonly SeedGroup[];
  /** Seeds uuids, the signing key, latency jitter and fault draws, so a run replays: a whole number. @default 1 */
  readonly seed?: number;
  /** Failures and latency to start with; see `setFaults` and `FaultPlan` for the limits. @default none */
  readonly faults?: FaultPlan;
  /** The clock for token times, in ms: a function. @default Date.now */
  readonly now?: () => number;
  /**
   * The largest request body it reads, in bytes (a whole number, 0 or
   * more); a larger one is answered 413 and no more of it is read.
   * @default 1_048_576 (1 MiB)
   */
  readonly maxBodyBytes?: number;
}

/** The options, checked and copied, with the defaults filled in. */
export interface EmulatorSettings {
  readonly org: string;
  readonly otherOrgs: readonly string[];
  readonly token: string;
  readonly locations: Readonly<Record<string, string>>;
  /** With `primary` filled in. */
  readonly groups: readonly (SeedGroup & { readonly primary: string })[];
  readonly seed: number;
  readonly faults: CheckedFaultPlan;
  readonly now: () => number;
  readonly maxBodyBytes: number;
}

function readLocations(value: unknown): Readonly<Record<string, string>> {
  if (value === undefined) return DEFAULT_LOCATIONS;
  if (!isPlainObject(value)) throw invalid(`invalid locations ${quote(value)}: expected an object of location key to description`);
  const locations: Record<string, string> = {};
  for (const [key, description] of Object.entries(value)) {
    if (!isValidLocation(key)) throw invalid(`invalid locations key ${quote(key)}: expected a location key such as "lhr" or "aws-us-east-1"`);
    if (typeof description !== 'string') throw invalid(`invalid locations.${key} ${quote(description)}: expected a description string`);
    locations[key] = description;
  }
  return Object.freeze(locations);
}

/** A field a seed group carries through to the wire: a JSON copy, or `undefined` when JSON leaves it out. */
function jsonCopy(value: unknown, name: string): unknown {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (cause) {
    throw invalid(`invalid ${name} ${quote(value)}: expected JSON data (it is served as JSON)`, cause);
  }
  return text === undefined ? undefined : JSON.parse(text);
}

function readSeedGroup(value: unknown, name: string, locations: Readonly<Record<string, string>>): SeedGroup & { primary: string } {
  if (!isPlainObject(value)) throw invalid(`invalid ${name} ${quote(value)}: expected a group such as { name, locations }`);
  const group: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    const copy = key === 'locations' ? field : jsonCopy(field, `${name}.${key}`);
    if (copy !== undefined) group[key] = copy;
  }
  const { name: groupName, locations: groupLocations, primary = Array.isArray(groupLocations) ? groupLocations[0] : undefined, uuid } = group;
  if (!isValidGroupName(groupName)) {
    throw invalid(`invalid ${name}.name ${quote(groupName)}: expected 1-64 lowercase letters, digits and dashes, not starting or ending with a dash`);
  }
  if (!Array.isArray(groupLocations) || groupLocations.length === 0) {
    throw invalid(`invalid ${name}.locations ${quote(groupLocations)}: expected a non-empty array of keys of locations`);
  }
  const copied = Array.from(groupLocations as unknown[]);
  copied.forEach((location, i) => {
    if (typeof location !== 'string' || !Object.hasOwn(locations, location)) {
      throw invalid(`invalid ${name}.locations[${i}] ${quote(location)}: an unknown location; expected a key of locations`);
    }
    if (copied.indexOf(location) !== i) throw invalid(`invalid ${name}.locations[${i}] ${quote(location)}: a location listed twice`);
  });
  if (typeof primary !== 'string' || !copied.includes(primary)) {
    throw invalid(`invalid ${name}.primary ${quote(primary)}: expected one of the group's locations`);
  }
  if (uuid !== undefined && typeof uuid !== 'string') throw invalid(`invalid ${name}.uuid ${quote(uuid)}: expected a string`);
  for (const flag of ['archived', 'delete_protection'] as const) {
    const value = group[flag];
    if (value !== undefined && typeof value !== 'boolean') throw invalid(`invalid ${name}.${flag} ${quote(value)}: expected true or false`);
  }
  return { ...group, name: groupName, locations: Object.freeze(copied as string[]), primary };
}

function readGroups(value: unknown, locations: Readonly<Record<string, string>>): EmulatorSettings['groups'] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw invalid(`invalid groups ${quote(value)}: expected an array of groups such as { name, locations }`);
  const names = new Set<string>();
  return Array.from(value as unknown[], (value, i) => {
    const group = readSeedGroup(value, `groups[${i}]`, locations);
    if (names.has(group.name)) throw invalid(`invalid groups[${i}].name ${quote(group.name)}: a name used twice`);
    names.add(group.name);
    return group;
  });
}

function readOtherOrgs(value: unknown, org: string): readonly string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw invalid(`invalid otherOrgs ${quote(value)}: expected an array of organization slugs`);
  const slugs = Array.from(value as unknown[]);
  slugs.forEach((slug, i) => {
    pathSegment('request', `otherOrgs[${i}]`, slug);
    if (slug === org || slugs.indexOf(slug) !== i) throw invalid(`invalid otherOrgs[${i}] ${quote(slug)}: an organization named twice`);
  });
  return Object.freeze(slugs as string[]);
}

function isWhole(value: unknown, min: number): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= min;
}

/**
 * The options of `createPlatformEmulator`, each field read once (a getter
 * runs once), checked and copied; anything unusable throws a `validation`
 * GroupsError naming the option.
 */
export function readEmulatorOptions(options: unknown): EmulatorSettings {
  try {
    if (!isPlainObject(options)) throw invalid(`invalid emulator options ${quote(options)}: expected { org, token }`);
    const { org, otherOrgs, token, locations, groups, seed = 1, faults = {}, now, maxBodyBytes = DEFAULT_MAX_BODY_BYTES } = options;
    // The same rule as the API client's: one well-formed path segment.
    pathSegment('request', 'org', org);
    // Never quoted: the message would hold the token.
    if (typeof token !== 'string') throw invalid(`invalid token ${quote(token)}: expected a string`);
    if (!isHeaderSafe(token)) throw invalid('invalid token: expected visible ASCII characters without spaces');
    if (!isWhole(seed, Number.MIN_SAFE_INTEGER)) throw invalid(`invalid seed ${quote(seed)}: expected a whole number`);
    if (now !== undefined && typeof now !== 'function') throw invalid(`invalid now ${quote(now)}: expected a function returning ms`);
    if (!isWhole(maxBodyBytes, 0)) throw invalid(`invalid maxBodyBytes ${quote(maxBodyBytes)}: expected a whole number of bytes, 0 or more`);
    const served = readLocations(locations);
    return {
      org: org as string,
      otherOrgs: readOtherOrgs(otherOrgs, org as string),
      token,
      locations: served,
      groups: readGroups(groups, served),
      seed,
      faults: readFaultPlan(faults, 'faults'),
      now: (now as (() => number) | undefined) ?? (() => Date.now()),
      maxBodyBytes,
    };
  } catch (error) {
    throw isGroupsError(error) ? error : invalid('the emulator options could not be read', error);
  }
}
