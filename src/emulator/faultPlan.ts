import { OPERATIONS as OPERATION_NAMES, isOperation, type Operation } from '../contract/operations.js';
import { invalidRequest as invalid, isGroupsError } from '../errors.js';
import { MAX_DELAY_MS } from '../input/maxDelay.js';
import { isPlainObject } from '../input/plainObject.js';
import { quote } from '../input/quote.js';
import type { Random } from './random.js';

/** The operations the emulator serves: the contract's (src/contract/operations.ts). */
export type EmulatorOperation = Operation;

const KINDS: readonly unknown[] = ['status', 'malformed', 'drop', 'stall'];

/**
 * Every delay is a whole number of milliseconds from 0 to 2147483647 (the
 * longest wait a timer keeps), and so is their sum for any one operation
 * (`fixedMs + jitterMs + perOperation[operation]`).
 */
export interface LatencyPlan {
  /** Milliseconds added to every answer. @default 0 */
  readonly fixedMs?: number;
  /** Up to this many more milliseconds, drawn from the seeded generator. @default 0 */
  readonly jitterMs?: number;
  /**
   * Extra milliseconds for some operations (a slow create, a fast list),
   * keyed by operation name.
   * @default {}
   */
  readonly perOperation?: Partial<Readonly<Record<EmulatorOperation, number>>>;
}

/**
 * One injected failure.
 * - `status`: answers `status` (default 503) with `{ error: message }` and
 *   does nothing, as a gateway or rate limiter would.
 * - `malformed`: does the work, then answers 200 with a truncated JSON body.
 * - `drop`: the connection drops, before the work (`phase: 'before'`, the
 *   default) or after it (`'after'`, the ambiguous case). In memory, the
 *   fetch rejects either way. Over HTTP (`listen`), a drop before the work
 *   closes the connection with nothing sent, and a client may send the
 *   request again on a fresh connection unasked, as browsers do after a
 *   kept-alive connection closed unanswered, so one fetch can spend it
 *   twice; a drop after the work sends the answer's status and headers
 *   and half its body, then closes the connection before the body ends, so
 *   the client sees it fail, once, and cannot send it again unasked.
 * - `stall`: does the work, sends the status, the headers and half the body,
 *   then sends nothing more until the client gives up (a hung connection).
 */
export interface FaultRule {
  /** The operation it applies to, or a non-empty array of them. @default every operation */
  readonly operation?: EmulatorOperation | readonly EmulatorOperation[];
  readonly kind: 'status' | 'malformed' | 'drop' | 'stall';
  /**
   * A whole HTTP status from 200 to 599 that can carry a body (not 204, 205
   * or 304): a `Response` cannot be made with any other.
   * @default 503
   */
  readonly status?: number;
  /** Whole seconds, 0 or more, sent as `Retry-After` with a `status` fault. @default none */
  readonly retryAfter?: number;
  /** @default 'injected fault' */
  readonly message?: string;
  /** @default 'before' */
  readonly phase?: 'before' | 'after';
  /** How many times it fires before it is spent: a whole number, 0 or more. @default unlimited */
  readonly times?: number;
  /** The chance it fires on a matching request, from 0 to 1, drawn from the seeded generator. @default 1 */
  readonly probability?: number;
}

/**
 * Latency and failures to inject. It is checked when given (an unusable
 * field throws a `validation` GroupsError naming it) and copied: changing
 * the object afterwards changes nothing.
 */
export interface FaultPlan {
  /** @default no latency */
  readonly latency?: LatencyPlan;
  /** Checked in order; the first that fires wins. @default [] */
  readonly failures?: readonly FaultRule[];
}

/** A fault plan as `readFaultPlan` checked and copied it, the defaults filled in. */
export interface CheckedFaultPlan {
  readonly latency: { readonly fixedMs: number; readonly jitterMs: number; readonly perOperation: Partial<Readonly<Record<EmulatorOperation, number>>> };
  readonly failures: readonly FaultRule[];
}

function isWhole(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

/** `value`'s fields, once it is a plain object. */
function fieldsOf(value: unknown, name: string, expected: string): Record<string, unknown> {
  if (!isPlainObject(value)) throw invalid(`invalid ${name} ${quote(value)}: expected ${expected}`);
  return value;
}

function delay(value: unknown, name: string): number {
  if (!isWhole(value, 0, MAX_DELAY_MS)) throw invalid(`invalid ${name} ${quote(value)}: expected a whole number of milliseconds from 0 to ${MAX_DELAY_MS}`);
  return value;
}

function readLatency(value: unknown, name: string): CheckedFaultPlan['latency'] {
  const { fixedMs = 0, jitterMs = 0, perOperation = {} } = value === undefined ? {} : fieldsOf(value, name, '{ fixedMs, jitterMs, perOperation }');
  const latency = { fixedMs: delay(fixedMs, `${name}.fixedMs`), jitterMs: delay(jitterMs, `${name}.jitterMs`), perOperation: {} as Partial<Record<EmulatorOperation, number>> };
  for (const [operation, ms] of Object.entries(fieldsOf(perOperation, `${name}.perOperation`, 'milliseconds by operation name, such as { create: 500 }'))) {
    if (!isOperation(operation)) throw invalid(`invalid ${name}.perOperation key ${quote(operation)}: expected an operation (${OPERATION_NAMES.join(', ')})`);
    latency.perOperation[operation] = delay(ms, `${name}.perOperation.${operation}`);
  }
  for (const operation of OPERATION_NAMES) {
    const most = latency.fixedMs + latency.jitterMs + (latency.perOperation[operation] ?? 0);
    if (most > MAX_DELAY_MS) {
      throw invalid(`invalid ${name}: fixedMs + jitterMs + perOperation.${operation} is ${most} ms: expected at most ${MAX_DELAY_MS} (a timer's longest wait)`);
    }
  }
  Object.freeze(latency.perOperation);
  return Object.freeze(latency);
}

function readOperation(value: unknown, name: string): FaultRule['operation'] {
  const problem = (): Error => invalid(`invalid ${name} ${quote(value)}: expected an operation (${OPERATION_NAMES.join(', ')}) or a non-empty array of them`);
  if (value === undefined || isOperation(value)) return value;
  if (!Array.isArray(value) || value.length === 0) throw problem();
  const operations = Array.from(value as unknown[]);
  if (!operations.every(isOperation)) throw problem();
  return Object.freeze(operations);
}

function readRule(value: unknown, name: string): FaultRule {
  const { operation, kind, status, retryAfter, message, phase, times, probability } = fieldsOf(value, name, "a rule such as { kind: 'status', status: 503 }");
  if (!KINDS.includes(kind)) throw invalid(`invalid ${name}.kind ${quote(kind)}: expected 'status', 'malformed', 'drop' or 'stall'`);
  const rule: { -readonly [K in keyof FaultRule]: FaultRule[K] } = { kind: kind as FaultRule['kind'] };
  const checked = readOperation(operation, `${name}.operation`);
  if (checked !== undefined) rule.operation = checked;
  if (status !== undefined) {
    if (!isWhole(status, 200, 599) || status === 204 || status === 205 || status === 304) {
      throw invalid(`invalid ${name}.status ${quote(status)}: expected a whole HTTP status from 200 to 599 that can carry a body (not 204, 205 or 304)`);
    }
    rule.status = status;
  }
  if (retryAfter !== undefined) {
    if (!isWhole(retryAfter, 0, Number.MAX_SAFE_INTEGER)) throw invalid(`invalid ${name}.retryAfter ${quote(retryAfter)}: expected a whole number of seconds, 0 or more`);
    rule.retryAfter = retryAfter;
  }
  if (message !== undefined) {
    if (typeof message !== 'string') throw invalid(`invalid ${name}.message ${quote(message)}: expected a string`);
    rule.message = message;
  }
  if (phase !== undefined) {
    if (phase !== 'before' && phase !== 'after') throw invalid(`invalid ${name}.phase ${quote(phase)}: expected 'before' or 'after'`);
    rule.phase = phase;
  }
  // Infinity is as good as leaving it out: unlimited.
  if (times !== undefined && times !== Number.POSITIVE_INFINITY) {
    if (!isWhole(times, 0, Number.MAX_SAFE_INTEGER)) throw invalid(`invalid ${name}.times ${quote(times)}: expected a whole number, 0 or more (leave it out for unlimited)`);
    rule.times = times;
  }
  if (probability !== undefined) {
    if (typeof probability !== 'number' || !(probability >= 0 && probability <= 1)) throw invalid(`invalid ${name}.probability ${quote(probability)}: expected a number from 0 to 1`);
    rule.probability = probability;
  }
  return Object.freeze(rule);
}

/**
 * A fault plan, each field read once (a getter runs once), checked and
 * copied; anything unusable throws a `validation` GroupsError that names it
 * as `name.field` (`name` is how the caller knows the plan: `faults`, `plan`).
 */
export function readFaultPlan(plan: unknown, name: string): CheckedFaultPlan {
  try {
    const { latency, failures = [] } = fieldsOf(plan, name, 'a fault plan such as { latency, failures } ({} for none)');
    const checkedLatency = readLatency(latency, `${name}.latency`);
    if (!Array.isArray(failures)) throw invalid(`invalid ${name}.failures ${quote(failures)}: expected an array of rules`);
    const rules = Array.from(failures as unknown[], (rule, i) => readRule(rule, `${name}.failures[${i}]`));
    return Object.freeze({ latency: checkedLatency, failures: Object.freeze(rules) });
  } catch (error) {
    throw isGroupsError(error) ? error : invalid(`the fault plan ${name} could not be read`, error);
  }
}

/** A fault plan in force, counting how often each rule has fired. */
export class ActiveFaults {
  readonly plan: CheckedFaultPlan;
  readonly #random: Random;
  readonly #fired: number[];

  constructor(plan: CheckedFaultPlan, random: Random) {
    this.plan = plan;
    this.#random = random;
    this.#fired = plan.failures.map(() => 0);
  }

  latencyMs(operation: EmulatorOperation): number {
    const { fixedMs, jitterMs, perOperation } = this.plan.latency;
    return fixedMs + (perOperation[operation] ?? 0) + (jitterMs > 0 ? Math.floor(this.#random() * (jitterMs + 1)) : 0);
  }

  /** The rule that fires for this request, if any. */
  pick(operation: EmulatorOperation): FaultRule | undefined {
    const rules = this.plan.failures;
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

/** Why an emulated connection closed without a whole answer; the `cause` of the fetch `TypeError`. */
export class DroppedConnection extends Error {
  override readonly name = 'DroppedConnection';
  /**
   * The answer the connection was carrying when it dropped, for a server to
   * start sending before it closes the connection (a drop after the work);
   * `undefined` when nothing was sent (a drop before the work).
   */
  readonly answer: Response | undefined;

  constructor(answer?: Response) {
    super('the emulator dropped the connection (injected fault)');
    this.answer = answer;
  }
}

/** The injected drop behind a rejected fetch or a throwing `handle`, if that is what `error` is. */
export function droppedConnectionOf(error: unknown): DroppedConnection | undefined {
  return error instanceof TypeError && error.cause instanceof DroppedConnection ? error.cause : undefined;
}
