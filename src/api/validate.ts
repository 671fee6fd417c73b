import { AUTHORIZATIONS, EXTENSIONS, type Authorization, type NewGroup, type TokenOptions } from './group.js';
import { GroupsError, type GroupsOperation } from './groupsError.js';

/** The longest group name accepted. */
export const MAX_GROUP_NAME_LENGTH = 64;

const GROUP_NAME = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

/**
 * The group name rule: lowercase letters, digits and dashes, no leading or
 * trailing dash, 1 to 64 characters.
 */
export function isValidGroupName(name: unknown): name is string {
  return typeof name === 'string' && name.length <= MAX_GROUP_NAME_LENGTH && GROUP_NAME.test(name);
}

// `lhr` (older accounts) or `aws-us-east-1` (newer ones).
const SHORT_LOCATION = /^[a-z]{3}$/;
const CLOUD_LOCATION = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)+$/;

/** Whether a location key has one of the two shapes Turso uses; the server decides if it exists. */
export function isValidLocation(location: unknown): location is string {
  return (
    typeof location === 'string' &&
    location.length <= 64 &&
    (SHORT_LOCATION.test(location) || CLOUD_LOCATION.test(location))
  );
}

const DURATION = /^(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;
const UNIT_SECONDS = [7 * 86_400, 86_400, 3_600, 60, 1];

/**
 * Seconds in a token expiration: `null` for `never`, `undefined` when the
 * text is not `never` nor a positive duration like `2w1d30m` (units w, d, h,
 * m, s, each at most once, largest first).
 */
export function parseExpiration(expiration: string): number | null | undefined {
  if (expiration === 'never') return null;
  const match = expiration.length > 0 && expiration.length <= 64 ? DURATION.exec(expiration) : null;
  if (!match) return undefined;
  let seconds = 0;
  for (let i = 0; i < UNIT_SECONDS.length; i++) {
    const amount = match[i + 1];
    if (amount !== undefined) seconds += Number(amount) * (UNIT_SECONDS[i] ?? 0);
  }
  return seconds > 0 && Number.isSafeInteger(seconds) ? seconds : undefined;
}

export function isValidExpiration(expiration: unknown): expiration is string {
  return typeof expiration === 'string' && parseExpiration(expiration) !== undefined;
}

export function isValidAuthorization(value: unknown): value is Authorization {
  return typeof value === 'string' && (AUTHORIZATIONS as readonly string[]).includes(value);
}

function invalid(operation: GroupsOperation, group: string | undefined, detail: string): GroupsError {
  return new GroupsError({ code: 'validation', operation, group, detail });
}

function quote(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : typeof value;
}

export function assertGroupName(operation: GroupsOperation, name: unknown): asserts name is string {
  if (!isValidGroupName(name)) {
    throw invalid(
      operation,
      typeof name === 'string' ? name : undefined,
      `invalid group name ${quote(name)}: use 1-${MAX_GROUP_NAME_LENGTH} lowercase letters, digits or dashes, not starting or ending with a dash`,
    );
  }
}

export function assertLocation(operation: GroupsOperation, group: string | undefined, location: unknown): asserts location is string {
  if (!isValidLocation(location)) {
    throw invalid(operation, group, `invalid location ${quote(location)}: expected a key such as "lhr" or "aws-us-east-1"`);
  }
}

export function assertNewGroup(value: NewGroup): void {
  if (typeof value !== 'object' || value === null) throw invalid('create', undefined, 'expected { name, location }');
  assertGroupName('create', value.name);
  assertLocation('create', value.name, value.location);
  const { extensions } = value;
  if (extensions === undefined || extensions === 'all') return;
  if (!Array.isArray(extensions) || !extensions.every((e) => (EXTENSIONS as readonly unknown[]).includes(e))) {
    throw invalid('create', value.name, `invalid extensions: expected "all" or a list of ${EXTENSIONS.join(', ')}`);
  }
}

export function assertTokenOptions(group: string, options: TokenOptions): void {
  if (typeof options !== 'object' || options === null) throw invalid('mintToken', group, 'expected an options object');
  if (options.expiration !== undefined && !isValidExpiration(options.expiration)) {
    throw invalid('mintToken', group, `invalid expiration ${quote(options.expiration)}: expected "never" or a duration such as "2w1d30m"`);
  }
  if (options.authorization !== undefined && !isValidAuthorization(options.authorization)) {
    throw invalid('mintToken', group, `invalid authorization ${quote(options.authorization)}: expected "full-access" or "read-only"`);
  }
  if (options.permissions !== undefined) {
    const databases: unknown = options.permissions?.read_attach?.databases;
    if (!Array.isArray(databases) || !databases.every((d) => typeof d === 'string' && d.length > 0)) {
      throw invalid('mintToken', group, 'invalid permissions: expected { read_attach: { databases: string[] } }');
    }
  }
}
