// The browser's side of the server panel: steers the emulator behind the
// dashboard server (emulator mode only) through `/__emulator/faults` (latency
// and failures) and `/__emulator/archive` (a group archived as Turso archives
// an idle one).
import type { Group } from 'turso-groups-store';
import type { EmulatorOperation } from 'turso-groups-store/emulator';

export type FaultOperation = EmulatorOperation;

// Every operation the emulator serves, in the panel's order (a record keeps
// the order it is written in): an operation the emulator gains is one the
// compiler asks for here.
const OPERATIONS = {
  list: true,
  create: true,
  retrieve: true,
  delete: true,
  addLocation: true,
  removeLocation: true,
  mintToken: true,
  invalidateTokens: true,
  getConfiguration: true,
  updateConfiguration: true,
  unarchive: true,
  transfer: true,
  listLocations: true,
} as const satisfies Record<FaultOperation, true>;

/** The operations a failure can be injected into, in the panel's order. */
export const FAULT_OPERATIONS = Object.keys(OPERATIONS) as readonly FaultOperation[];

/**
 * The failures the panel offers: `500`, `503` and `429` (with `Retry-After`)
 * answer that status without doing the work; `malformed` does the work and
 * answers a truncated JSON body; `dropped` does the work, then the
 * connection drops mid-answer, so the page cannot know it was done.
 */
export const FAULT_KINDS = ['500', '503', '429', 'malformed', 'dropped'] as const;

/** What each failure kind is called in the server panels. */
export const FAULT_KIND_LABELS: Readonly<Record<FaultKind, string>> = {
  '500': '500 Internal Server Error',
  '503': '503 Service Unavailable',
  '429': '429 Too Many Requests + Retry-After',
  malformed: 'Malformed answer',
  dropped: 'Dropped connection',
};
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FailNext {
  readonly operation: FaultOperation;
  /** How many of the next requests of `operation` fail; a whole number from 1 to 100. */
  readonly count: number;
  readonly kind: FaultKind;
  /** Seconds sent as `Retry-After` with a `429`. @default 1 */
  readonly retryAfter?: number | undefined;
}

/** What the panel asks for: one change to the fault plan. */
export type FaultCommand =
  | { readonly action: 'latency'; readonly ms: number }
  | ({ readonly action: 'fail' } & FailNext)
  | { readonly action: 'reset' };

/** The fault plan in force, as the server reports it: `remaining` counts down as failures fire. */
export interface FaultState {
  readonly latencyMs: number;
  readonly failures: readonly { readonly operation: FaultOperation; readonly kind: FaultKind; readonly remaining: number; readonly retryAfter?: number }[];
}

/** The longest latency the panel may set, in ms. */
export const MAX_LATENCY_MS = 60_000;
export const MAX_FAIL_COUNT = 100;

/** Where the server takes the fault plan's commands. */
export const FAULTS_PATH = '/__emulator/faults';
/** Where the server takes the panel's "archive this group". */
export const ARCHIVE_PATH = '/__emulator/archive';

/** What the panel asks for: the emulator archives a group of the page's organization, as Turso archives an idle one. */
export interface ArchiveCommand {
  readonly group: string;
}

/**
 * Why the server panel's request failed, in words a person can act on:
 * `unreachable` when the server could not be asked at all, `refused` when
 * it answered no (the plan then is as it was).
 */
export class FaultControlError extends Error {
  override readonly name = 'FaultControlError';
  readonly code: 'unreachable' | 'refused';

  constructor(code: FaultControlError['code'], message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.code = code;
  }
}

async function readState(response: Response, refused: string): Promise<FaultState> {
  const body = (await response.json().catch(() => undefined)) as (FaultState & { error?: unknown }) | undefined;
  if (!response.ok || body === undefined) {
    const detail = typeof body?.error === 'string' ? body.error : `it answered ${response.status}`;
    throw new FaultControlError('refused', `${refused}: ${detail}`);
  }
  return body;
}

/** `fetch`, with a failure to connect told in plain words. */
async function call(path: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(path, init);
  } catch (cause) {
    throw new FaultControlError('unreachable', "Couldn't reach the server", cause);
  }
}

/** Sends one change to the fault plan; resolves with the plan in force after it. */
export async function sendFaultCommand(command: FaultCommand): Promise<FaultState> {
  // JSON, so that a page of another origin would need a preflight the server never grants.
  const response = await call(FAULTS_PATH, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(command) });
  return readState(response, 'The server refused the change');
}

/** Adds `ms` milliseconds to every answer of the emulator (0 to turn it off). */
export function setLatency(ms: number): Promise<FaultState> {
  return sendFaultCommand({ action: 'latency', ms });
}

/** Makes the next `count` requests of `operation` fail as `kind`; earlier injections stay armed. */
export function failNext(failure: FailNext): Promise<FaultState> {
  return sendFaultCommand({ action: 'fail', ...failure });
}

/** Clears the latency and every injected failure. */
export function resetFaults(): Promise<FaultState> {
  return sendFaultCommand({ action: 'reset' });
}

/** The fault plan in force now, as the server counts it. */
export async function getFaults(): Promise<FaultState> {
  return readState(await call(FAULTS_PATH, { headers: { accept: 'application/json' }, cache: 'no-store' }), "The server couldn't say what is armed");
}

/**
 * Has the emulator archive `group`, as Turso archives a free-plan group
 * left idle: the page learns of it the way it would from Turso, by reading
 * the groups. Rejects with a message a person can read.
 */
export async function archiveGroup(group: string): Promise<void> {
  const command: ArchiveCommand = { group };
  const response = await call(ARCHIVE_PATH, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(command) });
  if (response.ok) return;
  const body = (await response.json().catch(() => undefined)) as { error?: unknown } | undefined;
  const detail = typeof body?.error === 'string' ? body.error : `it answered ${response.status}`;
  throw new FaultControlError('refused', `The server did not archive ${group}: ${detail}`);
}

/** The groups the panel offers to archive: those shown that are not archived yet, in the list's order. */
export function archivableGroups(groups: readonly Group[]): readonly string[] {
  return groups.filter((group) => group.archived !== true).map((group) => group.name);
}

/** The archive select's one option while every group shown is archived, or there is none. */
export const NO_GROUP_TO_ARCHIVE = 'No group to archive';

/** What the panel says once the emulator has archived `group`. */
export function archivedText(group: string): string {
  return `${group} is archived, as Turso archives an idle group; the groups are read again to show it.`;
}

/** `Latency: 400 ms`, or that there is none. */
export function describeLatency(ms: number): string {
  return ms > 0 ? `Latency: ${ms} ms on every answer` : 'Latency: none';
}

/** One armed failure, as the panel lists it: `addLocation · 500 Internal Server Error · 2 left`. */
export function describeFailure(failure: FaultState['failures'][number]): string {
  const retry = failure.retryAfter === undefined ? '' : ` (Retry-After ${failure.retryAfter} s)`;
  return `${failure.operation} · ${FAULT_KIND_LABELS[failure.kind]}${retry} · ${failure.remaining} left`;
}
