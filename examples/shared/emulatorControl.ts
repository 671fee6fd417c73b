// The browser's side of the server panel: steers the emulator behind the
// dashboard server (emulator mode only) through `/__emulator/faults`.

/** The operations a failure can be injected into, in the panel's order. */
export const FAULT_OPERATIONS = ['list', 'create', 'retrieve', 'delete', 'addLocation', 'removeLocation', 'mintToken', 'invalidateTokens'] as const;
export type FaultOperation = (typeof FAULT_OPERATIONS)[number];

/**
 * The failures the panel offers: `500`, `503` and `429` (with `Retry-After`)
 * answer that status without doing the work; `malformed` does the work and
 * answers a truncated JSON body; `dropped` closes the connection unanswered.
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

const CONTROL_PATH = '/__emulator/faults';

async function readState(response: Response): Promise<FaultState> {
  const body = (await response.json().catch(() => undefined)) as (FaultState & { error?: unknown }) | undefined;
  if (!response.ok || body === undefined) {
    const detail = typeof body?.error === 'string' ? body.error : `status ${response.status}`;
    throw new Error(`the emulator refused the change: ${detail}`);
  }
  return body;
}

async function send(command: FaultCommand): Promise<FaultState> {
  // JSON, so that a page of another origin would need a preflight the server never grants.
  const response = await fetch(CONTROL_PATH, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(command) });
  return readState(response);
}

/** Adds `ms` milliseconds to every answer of the emulator (0 to turn it off). */
export function setLatency(ms: number): Promise<FaultState> {
  return send({ action: 'latency', ms });
}

/** Makes the next `count` requests of `operation` fail as `kind`; earlier injections stay armed. */
export function failNext(failure: FailNext): Promise<FaultState> {
  return send({ action: 'fail', ...failure });
}

/** Clears the latency and every injected failure. */
export function resetFaults(): Promise<FaultState> {
  return send({ action: 'reset' });
}

/** The fault plan in force now. */
export async function getFaults(): Promise<FaultState> {
  return readState(await fetch(CONTROL_PATH, { headers: { accept: 'application/json' } }));
}
