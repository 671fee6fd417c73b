// The server's side of the panel's "fail the next N requests" and latency:
// commands from `/__emulator/faults`, turned into the emulator's FaultPlan.
import type { FaultPlan, FaultRule, PlatformEmulator } from 'turso-groups-store/emulator';
import {
  FAULT_KINDS,
  FAULT_OPERATIONS,
  MAX_FAIL_COUNT,
  MAX_LATENCY_MS,
  type FaultCommand,
  type FaultKind,
  type FaultOperation,
  type FaultState,
} from '../shared/emulatorControl.js';

interface ArmedFailure {
  readonly operation: FaultOperation;
  readonly kind: FaultKind;
  readonly retryAfter: number | undefined;
  remaining: number;
}

const DEFAULT_RETRY_AFTER_S = 1;

function isWhole(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

/** The command in a request body, or the reason it is refused. */
export function readFaultCommand(body: unknown): FaultCommand | string {
  if (typeof body !== 'object' || body === null) return 'expected a JSON object with an action';
  const fields = body as Record<string, unknown>;
  switch (fields['action']) {
    case 'reset':
      return { action: 'reset' };
    case 'latency': {
      const ms = fields['ms'];
      return isWhole(ms, 0, MAX_LATENCY_MS) ? { action: 'latency', ms } : `ms must be a whole number from 0 to ${MAX_LATENCY_MS}`;
    }
    case 'fail': {
      const { operation, kind, count, retryAfter } = fields;
      if (!FAULT_OPERATIONS.includes(operation as FaultOperation)) return `operation must be one of ${FAULT_OPERATIONS.join(', ')}`;
      if (!FAULT_KINDS.includes(kind as FaultKind)) return `kind must be one of ${FAULT_KINDS.join(', ')}`;
      if (!isWhole(count, 1, MAX_FAIL_COUNT)) return `count must be a whole number from 1 to ${MAX_FAIL_COUNT}`;
      if (retryAfter !== undefined && !isWhole(retryAfter, 0, 3600)) return 'retryAfter must be a whole number of seconds from 0 to 3600';
      return { action: 'fail', operation: operation as FaultOperation, kind: kind as FaultKind, count, retryAfter };
    }
    default:
      return 'action must be latency, fail or reset';
  }
}

function toRule(failure: ArmedFailure): FaultRule {
  const base = { operation: failure.operation, times: failure.remaining, message: `injected ${failure.kind} (server panel)` };
  switch (failure.kind) {
    case '500':
      return { ...base, kind: 'status', status: 500 };
    case '503':
      return { ...base, kind: 'status', status: 503 };
    case '429':
      return { ...base, kind: 'status', status: 429, retryAfter: failure.retryAfter ?? DEFAULT_RETRY_AFTER_S };
    case 'malformed':
      return { ...base, kind: 'malformed' };
    case 'dropped':
      // After the work: the ambiguous case a dropped connection is worth showing for, and
      // the one a browser cannot hide by re-sending (a drop before it sends nothing).
      return { ...base, kind: 'drop', phase: 'after' };
  }
}

/**
 * The latency and the armed failures of one emulator. Every change replaces
 * the emulator's plan, which restarts its own count of fired rules: so the
 * count is kept here, by replaying the requests the emulator recorded since
 * the last change over the armed failures, the way the emulator picks them
 * (the first armed failure of the request's operation fires). A request
 * still in flight when the plan changes is counted against the new plan: a
 * failure armed just then may show one less than it will fire. Good enough
 * for a demo panel; the emulator itself stays exact.
 */
export class FaultControl {
  readonly #emulator: PlatformEmulator;
  #latencyMs = 0;
  #failures: ArmedFailure[] = [];
  #seen: number;

  constructor(emulator: PlatformEmulator) {
    this.#emulator = emulator;
    this.#seen = emulator.requests.length;
  }

  state(): FaultState {
    this.#settle();
    return {
      latencyMs: this.#latencyMs,
      failures: this.#failures.map(({ operation, kind, remaining, retryAfter }) =>
        retryAfter === undefined ? { operation, kind, remaining } : { operation, kind, remaining, retryAfter },
      ),
    };
  }

  /**
   * Applies one command. The emulator checks the plan it makes: one it
   * refuses throws its `validation` GroupsError, and nothing changes, here
   * or in the emulator.
   */
  apply(command: FaultCommand): FaultState {
    this.#settle();
    let latencyMs = this.#latencyMs;
    let failures = this.#failures;
    switch (command.action) {
      case 'reset':
        latencyMs = 0;
        failures = [];
        break;
      case 'latency':
        latencyMs = command.ms;
        break;
      case 'fail':
        failures = [
          ...failures,
          {
            operation: command.operation,
            kind: command.kind,
            remaining: command.count,
            retryAfter: command.kind === '429' ? (command.retryAfter ?? DEFAULT_RETRY_AFTER_S) : undefined,
          },
        ];
        break;
    }
    const plan: FaultPlan = { latency: { fixedMs: latencyMs }, failures: failures.map(toRule) };
    this.#emulator.setFaults(plan);
    this.#latencyMs = latencyMs;
    this.#failures = failures;
    return this.state();
  }

  #settle(): void {
    const requests = this.#emulator.requests;
    for (; this.#seen < requests.length; this.#seen++) {
      const request = requests[this.#seen];
      // Aborted while waiting out the latency: the emulator never picked a rule for it.
      if (request?.operation === undefined || request.outcome === 'aborted') continue;
      const armed = this.#failures.find((failure) => failure.operation === request.operation && failure.remaining > 0);
      if (armed) armed.remaining--;
    }
    this.#failures = this.#failures.filter((failure) => failure.remaining > 0);
  }
}
