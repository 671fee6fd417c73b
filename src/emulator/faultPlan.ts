import type { GroupsOperation } from '../errors.js';
import type { Random } from './random.js';

/** The operations the emulator serves, as named by the API client. */
export type EmulatorOperation = Exclude<GroupsOperation, 'request'>;

export interface LatencyPlan {
  /** Milliseconds added to every answer. @default 0 */
  readonly fixedMs?: number;
  /** Up to this many more milliseconds, drawn from the seeded generator. @default 0 */
  readonly jitterMs?: number;
  /** Extra milliseconds for some operations (a slow create, a fast list). @default {} */
  readonly perOperation?: Partial<Readonly<Record<EmulatorOperation, number>>>;
}

/**
 * One injected failure.
 * - `status`: answers `status` (default 503) with `{ error: message }` and
 *   does nothing, as a gateway or rate limiter would.
 * - `malformed`: does the work, then answers 200 with a truncated JSON body.
 * - `drop`: closes the connection without an answer, before the work
 *   (`phase: 'before'`, the default) or after it (`'after'`, the ambiguous case).
 * - `stall`: does the work, sends the status, the headers and half the body,
 *   then sends nothing more until the client gives up (a hung connection).
 */
export interface FaultRule {
  /** The operations it applies to. @default every operation */
  readonly operation?: EmulatorOperation | readonly EmulatorOperation[];
  readonly kind: 'status' | 'malformed' | 'drop' | 'stall';
  /** @default 503 */
  readonly status?: number;
  /** Seconds, sent as `Retry-After` with a `status` fault. @default none */
  readonly retryAfter?: number;
  /** @default 'injected fault' */
  readonly message?: string;
  /** @default 'before' */
  readonly phase?: 'before' | 'after';
  /** How many times it fires before it is spent. @default unlimited */
  readonly times?: number;
  /** The chance it fires on a matching request, drawn from the seeded generator. @default 1 */
  readonly probability?: number;
}

export interface FaultPlan {
  readonly latency?: LatencyPlan;
  /** Checked in order; the first that fires wins. */
  readonly failures?: readonly FaultRule[];
}

/** A fault plan in force, counting how often each rule has fired. */
export class ActiveFaults {
  readonly plan: FaultPlan;
  readonly #random: Random;
  readonly #fired: number[];

  constructor(plan: FaultPlan, random: Random) {
    this.plan = plan;
    this.#random = random;
    this.#fired = (plan.failures ?? []).map(() => 0);
  }

  latencyMs(operation: EmulatorOperation): number {
    const { fixedMs = 0, jitterMs = 0, perOperation = {} } = this.plan.latency ?? {};
    return fixedMs + (perOperation[operation] ?? 0) + (jitterMs > 0 ? Math.floor(this.#random() * (jitterMs + 1)) : 0);
  }

  /** The rule that fires for this request, if any. */
  pick(operation: EmulatorOperation): FaultRule | undefined {
    const rules = this.plan.failures ?? [];
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i];
      if (rule === undefined || !appliesTo(rule, operation)) continue;
      if (rule.times !== undefined && (this.#fired[i] ?? 0) >= rule.times) continue;
      if (rule.probability !== undefined && this.#random() >= rule.probability) continue;
      this.#fired[i] = (this.#fired[i] ?? 0) + 1;
      return rule;
    }
    return undefined;
  }
}

function appliesTo(rule: FaultRule, operation: EmulatorOperation): boolean {
  if (rule.operation === undefined) return true;
  return typeof rule.operation === 'string' ? rule.operation === operation : rule.operation.includes(operation);
}

/** Why an emulated connection closed without an answer; the `cause` of the fetch `TypeError`. */
export class DroppedConnection extends Error {
  override readonly name = 'DroppedConnection';
  constructor() {
    super('the emulator dropped the connection (injected fault)');
  }
}

export function isDroppedConnection(error: unknown): boolean {
  return error instanceof TypeError && error.cause instanceof DroppedConnection;
}
