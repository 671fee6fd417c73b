import { AUTHORIZATIONS, EXTENSIONS, type Authorization, type GroupConfigurationUpdate, type NewGroup, type TokenOptions } from './group.js';
import { MAX_PATH_SEGMENT_LENGTH } from './pathSegment.js';
import { invalidInput as invalid, isGroupsError, type GroupsOperation } from '../errors.js';
import { isPlainObject } from '../input/plainObject.js';
import { quote } from '../input/quote.js';
import { isAbortSignal } from '../input/abortSignal.js';
import { isWellFormed } from '../input/wellFormed.js';
import type { TransportAnswer, TransportRetry } from '../transport/transport.js';

/** The longest group name accepted. */
export const MAX_GROUP_NAME_LENGTH = 64;

const GROUP_NAME = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

/**
 * The group name rule: lowercase letters, digits and dashes, no leading or
 * trailing dash, 1 to 64 characters. Given a string, a plain boolean (a
 * failed check must not narrow the string to `never`); given anything else,
 * a type guard.
 */
export function isValidGroupName(name: string): boolean;
export function isValidGroupName(name: unknown): name is string;
export function isValidGroupName(name: unknown): boolean {
  return typeof name === 'string' && name.length <= MAX_GROUP_NAME_LENGTH && GROUP_NAME.test(name);
}

// `lhr` (older accounts) or `aws-us-east-1` (newer ones).
const SHORT_LOCATION = /^[a-z]{3}$/;
const CLOUD_LOCATION = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)+$/;

/** Whether a location key has one of the two shapes Turso uses; the server decides if it exists. */
export function isValidLocation(location: string): boolean;
export function isValidLocation(location: unknown): location is string;
export function isValidLocation(location: unknown): boolean {
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

/** Whether a token expiration is `never` or a duration such as `2w1d30m`. */
export function isValidExpiration(expiration: string): boolean;
export function isValidExpiration(expiration: unknown): expiration is string;
export function isValidExpiration(expiration: unknown): boolean {
  return typeof expiration === 'string' && parseExpiration(expiration) !== undefined;
}

// Whitespace or a control character: a slug pasted with a newline, or two words.
const NOT_IN_SLUG = /[\s\p{Cc}]/u;

/**
 * Whether a value can be an organization slug, to transfer a group to: 1 to
 * 256 well-formed characters, not `.` or `..`, without whitespace or control
 * characters. Turso's slugs are short names (`my-team`, a username); which
 * ones exist, and which the token is a member of, only the server knows.
 */
export function isValidOrganization(slug: string): boolean;
export function isValidOrganization(slug: unknown): slug is string;
export function isValidOrganization(slug: unknown): boolean {
  return (
    typeof slug === 'string' &&
    slug !== '' &&
    slug !== '.' &&
    slug !== '..' &&
    slug.length <= MAX_PATH_SEGMENT_LENGTH &&
    isWellFormed(slug) &&
    !NOT_IN_SLUG.test(slug)
  );
}

export function isValidAuthorization(value: unknown): value is Authorization {
  return typeof value === 'string' && (AUTHORIZATIONS as readonly string[]).includes(value);
}

/**
 * Runs `check` so that it throws only a GroupsError. Reading a caller's
 * object can run the caller's code (a getter, a Proxy trap); whatever that
 * throws becomes the `cause` of a validation error instead of escaping as is.
 */
export function guarded<T>(operation: GroupsOperation, group: string | undefined, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (isGroupsError(error)) throw error;
    throw invalid(operation, group, 'the input could not be read', error);
  }
}

/**
 * The signal of per-call options, checked and read once: the options must be
 * `undefined` or a plain object whose `signal` is `undefined` or an AbortSignal.
 */
export function readSignal(operation: GroupsOperation, group: string | undefined, options: unknown): AbortSignal | undefined {
  if (options === undefined) return undefined;
  return guarded(operation, group, () => signalOf(operation, group, options));
}

/** {@link readSignal} for options that are not `undefined`, unguarded: callers run it in {@link guarded}. */
function signalOf(operation: GroupsOperation, group: string | undefined, options: unknown): AbortSignal | undefined {
  if (!isPlainObject(options)) {
    throw invalid(operation, group, `invalid call options ${quote(options)}: expected { signal?: AbortSignal }`);
  }
  const { signal } = options;
  if (signal !== undefined && !isAbortSignal(signal)) {
    throw invalid(operation, group, `invalid signal ${quote(signal)}: expected an AbortSignal`);
  }
  return signal;
}

/**
 * Per-call options of the API client, checked and read once: the signal (as
 * {@link readSignal}) and `onRetry`, `undefined` or a function.
 */
export function readCallOptions(
  operation: GroupsOperation,
  group: string | undefined,
  options: unknown,
): CallOptionsRead {
  if (options === undefined) return NO_CALL_OPTIONS;
  // One guarded run for the three fields (each read once, in this order): every read is a call the store makes.
  return guarded(operation, group, (): CallOptionsRead => {
    const signal = signalOf(operation, group, options);
    const onRetry: unknown = (options as { onRetry?: unknown }).onRetry;
    if (onRetry !== undefined && typeof onRetry !== 'function') {
      throw invalid(operation, group, `invalid onRetry ${quote(onRetry)}: expected a function`);
    }
    const onAnswer: unknown = (options as { onAnswer?: unknown }).onAnswer;
    if (onAnswer !== undefined && typeof onAnswer !== 'function') {
      throw invalid(operation, group, `invalid onAnswer ${quote(onAnswer)}: expected a function`);
    }
    return { signal, onRetry: onRetry as CallOptionsRead['onRetry'], onAnswer: onAnswer as CallOptionsRead['onAnswer'] };
  });
}

interface CallOptionsRead {
  readonly signal: AbortSignal | undefined;
  readonly onRetry: ((retry: TransportRetry) => void) | undefined;
  readonly onAnswer: ((answer: TransportAnswer) => void) | undefined;
}

const NO_CALL_OPTIONS: CallOptionsRead = Object.freeze({ signal: undefined, onRetry: undefined, onAnswer: undefined });

export function assertGroupName(operation: GroupsOperation, name: unknown): asserts name is string {
  // A valid name is a string, which runs no caller code: checked without the guard's closure (every command checks one).
  if (isValidGroupName(name)) return;
  guarded(operation, undefined, () => {
    throw invalid(
      operation,
      typeof name === 'string' ? name : undefined,
      `invalid group name ${quote(name)}: use 1-${MAX_GROUP_NAME_LENGTH} lowercase letters, digits or dashes, not starting or ending with a dash`,
    );
  });
}

export function assertLocation(operation: GroupsOperation, group: string | undefined, location: unknown): asserts location is string {
  if (isValidLocation(location)) return; // as for a group name
  guarded(operation, group, () => {
    throw invalid(operation, group, `invalid location ${quote(location)}: expected a key such as "lhr" or "aws-us-east-1"`);
  });
}

/** The longest list accepted (extensions, databases): far more than any real one. */
const MAX_LIST_LENGTH = 1_000;

/**
 * A copy of a list, read once index by index; `undefined` when it is not an
 * array of at most {@link MAX_LIST_LENGTH} items that each pass `test`. A hole
 * fails too: `every` skips holes, and spreading one would send `null`.
 * Sending only the checked copy means a getter cannot answer one thing to the
 * check and another to the request.
 */
function readList<T>(value: unknown, test: (item: unknown) => item is T): T[] | undefined {
  if (!Array.isArray(value)) return undefined;
  // A Proxy over an array may claim any length: read it once, and bound it.
  const length: unknown = value.length;
  if (typeof length !== 'number' || length > MAX_LIST_LENGTH) return undefined;
  const copy: T[] = [];
  for (let i = 0; i < length; i++) {
    if (!(i in value)) return undefined;
    const item: unknown = value[i];
    if (!test(item)) return undefined;
    copy.push(item);
  }
  return copy;
}

function isExtension(value: unknown): value is (typeof EXTENSIONS)[number] {
  return (EXTENSIONS as readonly unknown[]).includes(value);
}

function isDatabaseName(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

/**
 * The new group, checked and copied: `{ name, location, extensions? }` with
 * each field read once. Send the copy, never the caller's object.
 */
export function readNewGroup(value: unknown): NewGroup {
  return guarded('create', undefined, () => {
    if (!isPlainObject(value)) throw invalid('create', undefined, `invalid new group ${quote(value)}: expected { name, location }`);
    const { name, location, extensions } = value;
    assertGroupName('create', name);
    assertLocation('create', name, location);
    if (extensions === undefined) return { name, location };
    if (extensions === 'all') return { name, location, extensions };
    const list = readList(extensions, isExtension);
    if (list === undefined) {
      throw invalid('create', name, `invalid extensions: expected "all" or a list of ${EXTENSIONS.join(', ')}`);
    }
    return { name, location, extensions: list };
  });
}

export function assertNewGroup(value: unknown): asserts value is NewGroup {
  readNewGroup(value);
}

/**
 * The token options, checked and copied with each field read once. Send the
 * copy, never the caller's object.
 */
export function readTokenOptions(group: string, options: unknown): TokenOptions {
  return guarded('mintToken', group, () => {
    if (!isPlainObject(options)) throw invalid('mintToken', group, `invalid token options ${quote(options)}: expected an options object`);
    const { expiration, authorization, permissions } = options;
    if (expiration !== undefined && !isValidExpiration(expiration)) {
      throw invalid('mintToken', group, `invalid expiration ${quote(expiration)}: expected "never" or a duration such as "2w1d30m"`);
    }
    if (authorization !== undefined && !isValidAuthorization(authorization)) {
      throw invalid('mintToken', group, `invalid authorization ${quote(authorization)}: expected "full-access" or "read-only"`);
    }
    const copy: { -readonly [K in keyof TokenOptions]: TokenOptions[K] } = {};
    if (expiration !== undefined) copy.expiration = expiration;
    if (authorization !== undefined) copy.authorization = authorization;
    if (permissions !== undefined) {
      const readAttach = isPlainObject(permissions) ? permissions.read_attach : undefined;
      const databases = isPlainObject(readAttach) ? readList(readAttach.databases, isDatabaseName) : undefined;
      if (databases === undefined) {
        throw invalid('mintToken', group, 'invalid permissions: expected { read_attach: { databases: string[] } }');
      }
      copy.permissions = { read_attach: { databases } };
    }
    return copy;
  });
}

export function assertTokenOptions(group: string, options: unknown): asserts options is TokenOptions {
  readTokenOptions(group, options);
}

export function assertOrganization(operation: GroupsOperation, group: string | undefined, organization: unknown): asserts organization is string {
  guarded(operation, group, () => {
    if (isValidOrganization(organization)) return;
    throw invalid(
      operation,
      group,
      `invalid organization ${quote(organization)}: expected an organization slug such as "my-team", 1-${MAX_PATH_SEGMENT_LENGTH} characters without spaces`,
    );
  });
}

/**
 * A configuration update, checked and copied: `{ delete_protection }`, a
 * boolean, read once. Send the copy, never the caller's object.
 */
export function readConfigurationUpdate(operation: GroupsOperation, group: string, value: unknown): GroupConfigurationUpdate {
  return guarded(operation, group, () => {
    if (!isPlainObject(value)) throw invalid(operation, group, `invalid configuration ${quote(value)}: expected { delete_protection: boolean }`);
    const { delete_protection } = value;
    if (typeof delete_protection !== 'boolean') {
      throw invalid(operation, group, `invalid delete_protection ${quote(delete_protection)}: expected true or false`);
    }
    return { delete_protection };
  });
}
