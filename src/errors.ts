import { OPERATION_LABELS, type Operation } from './contract/operations.js';
import { quote, shorten } from './input/quote.js';

/** What went wrong, as a discriminant a caller can switch on. */
export type GroupsErrorCode =
  | 'validation'
  | 'not_found'
  | 'conflict'
  | 'unauthorized'
  | 'forbidden'
  | 'payment_required'
  | 'rate_limited'
  | 'server'
  | 'network'
  | 'timeout'
  | 'aborted'
  | 'bad_response';

/** The operation that failed. `request` is a bare transport call not yet tied to one. */
export type GroupsOperation = Operation | 'request';

export interface GroupsErrorInit {
  readonly code: GroupsErrorCode;
  readonly operation: GroupsOperation;
  readonly group?: string | undefined;
  readonly status?: number | undefined;
  /** The server's `{ "error": … }` text, or this library's explanation. */
  readonly detail?: string | undefined;
  readonly retryAfterMs?: number | undefined;
  readonly cause?: unknown;
}

const LABELS: Readonly<Record<GroupsOperation, string>> = { ...OPERATION_LABELS, request: 'request' };

const CODES: ReadonlySet<string> = new Set<GroupsErrorCode>([
  'validation', 'not_found', 'conflict', 'unauthorized', 'forbidden', 'payment_required',
  'rate_limited', 'server', 'network', 'timeout', 'aborted', 'bad_response',
]);

/** The longest detail a message repeats; `detail` itself keeps all of it. */
const SHOWN_DETAIL = 1_000;

/** One field of `init`, or `undefined` when reading it throws (a getter, a Proxy). */
function field(init: unknown, key: keyof GroupsErrorInit): unknown {
  try {
    return typeof init === 'object' && init !== null ? (init as Record<string, unknown>)[key] : undefined;
  } catch {
    return undefined;
  }
}

function numberOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * `init` with every field read once and of its declared type. The error is
 * built while something else already went wrong, often from a caller's bad
 * input: building it must not throw, whatever it is given (a BigInt or a
 * cyclic object as the group, a throwing getter).
 */
function normalize(init: unknown): GroupsErrorInit {
  const code = field(init, 'code');
  const operation = field(init, 'operation');
  return {
    code: typeof code === 'string' && CODES.has(code) ? (code as GroupsErrorCode) : 'validation',
    operation: typeof operation === 'string' && Object.hasOwn(LABELS, operation) ? (operation as GroupsOperation) : 'request',
    group: stringOrUndefined(field(init, 'group')),
    status: numberOrUndefined(field(init, 'status')),
    detail: stringOrUndefined(field(init, 'detail')),
    retryAfterMs: numberOrUndefined(field(init, 'retryAfterMs')),
    cause: field(init, 'cause'),
  };
}

function describe(init: GroupsErrorInit): string {
  const subject = init.group === undefined ? LABELS[init.operation] : `${LABELS[init.operation]} ${quote(init.group)}`;
  const status = init.status === undefined ? '' : `${init.status} `;
  const detail = init.detail === undefined ? init.code.replace('_', ' ') : shorten(init.detail, SHOWN_DETAIL);
  return `${subject}: ${status}${detail}`;
}

/**
 * The one error type of this library. Switch on `code`; read `status` and
 * `detail` for what the server said. It never holds the API token or a JWT:
 * request headers and token bodies are not kept, not even in `cause`.
 *
 * @example
 * try { await api.create({ name: 'eu', location: 'ams' }) }
 * catch (e) { if (isGroupsError(e) && e.code === 'conflict') … }
 */
export class GroupsError extends Error {
  override readonly name = 'GroupsError';
  readonly code: GroupsErrorCode;
  readonly operation: GroupsOperation;
  readonly group: string | undefined;
  readonly status: number | undefined;
  readonly detail: string | undefined;
  /** How long the server asked to wait (429/503 `Retry-After`), in milliseconds. */
  readonly retryAfterMs: number | undefined;

  /** Never throws: a field of the wrong type is dropped (`group` is kept only when it is a string). */
  constructor(init: GroupsErrorInit) {
    const safe = normalize(init);
    super(describe(safe), safe.cause === undefined ? undefined : { cause: safe.cause });
    this.code = safe.code;
    this.operation = safe.operation;
    this.group = safe.group;
    this.status = safe.status;
    this.detail = safe.detail;
    this.retryAfterMs = safe.retryAfterMs;
  }

  /** The same failure, attributed to an operation and a group. */
  withContext(operation: GroupsOperation, group: string | undefined): GroupsError {
    const { code, status, detail, retryAfterMs, cause } = this;
    return new GroupsError({ code, operation, group, status, detail, retryAfterMs, cause });
  }
}

/** A `validation` error: `detail` says what was wrong and what is expected. */
export function invalidInput(operation: GroupsOperation, group: string | undefined, detail: string, cause?: unknown): GroupsError {
  return new GroupsError({ code: 'validation', operation, group, detail, cause });
}

/** A `validation` error about options or a request, before any operation is known. */
export function invalidRequest(detail: string, cause?: unknown): GroupsError {
  return invalidInput('request', undefined, detail, cause);
}

export function isGroupsError(value: unknown): value is GroupsError {
  return value instanceof GroupsError;
}

/** The error code an HTTP error status stands for. */
export function codeForStatus(status: number): GroupsErrorCode {
  switch (status) {
    case 400:
    case 422:
      return 'validation';
    case 401:
      return 'unauthorized';
    case 402:
      return 'payment_required';
    case 403:
      return 'forbidden';
    case 404:
    case 410:
      return 'not_found';
    case 408:
      return 'timeout';
    case 409:
      return 'conflict';
    case 429:
      return 'rate_limited';
    default:
      return status >= 500 ? 'server' : 'bad_response';
  }
}
