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
export type GroupsOperation =
  | 'list'
  | 'create'
  | 'retrieve'
  | 'delete'
  | 'addLocation'
  | 'removeLocation'
  | 'mintToken'
  | 'invalidateTokens'
  | 'listLocations'
  | 'request';

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

const LABELS: Record<GroupsOperation, string> = {
  list: 'list groups',
  create: 'create group',
  retrieve: 'retrieve group',
  delete: 'delete group',
  addLocation: 'add location to group',
  removeLocation: 'remove location from group',
  mintToken: 'mint token for group',
  invalidateTokens: 'invalidate tokens of group',
  listLocations: 'list locations',
  request: 'request',
};

function describe(init: GroupsErrorInit): string {
  const subject = init.group === undefined ? LABELS[init.operation] : `${LABELS[init.operation]} ${JSON.stringify(init.group)}`;
  const status = init.status === undefined ? '' : `${init.status} `;
  const detail = init.detail ?? init.code.replace('_', ' ');
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

  constructor(init: GroupsErrorInit) {
    super(describe(init), init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code;
    this.operation = init.operation;
    this.group = init.group;
    this.status = init.status;
    this.detail = init.detail;
    this.retryAfterMs = init.retryAfterMs;
  }

  /** The same failure, attributed to an operation and a group. */
  withContext(operation: GroupsOperation, group: string | undefined): GroupsError {
    return new GroupsError({ ...this.toInit(), operation, group });
  }

  private toInit(): GroupsErrorInit {
    return {
      code: this.code,
      operation: this.operation,
      group: this.group,
      status: this.status,
      detail: this.detail,
      retryAfterMs: this.retryAfterMs,
      cause: this.cause,
    };
  }
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
