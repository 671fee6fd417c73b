// The aims of the performance issue ("Performance to the floor"), each
// checked against one `npm run bench` run: what the report prints as met or
// not, so one run shows every aim. A number that is missing (a workload that
// failed) is an aim not met.
import type { ScalingRow } from './groupScaling.js';

export interface AimInputs {
  /** Medians in ms; `undefined` when the workload failed. */
  readonly w1a: number | undefined;
  readonly w1b: number | undefined;
  readonly elfW1b: number | undefined;
  readonly w2Batched: number | undefined;
  readonly w4: number | undefined;
  readonly elfW4: number | undefined;
  readonly w4Changed: number | undefined;
  readonly elfW4Changed: number | undefined;
  /** W5: this store's retained heap ÷ the parsed array's. */
  readonly w5Ratio: number | undefined;
  /** W6: each peer's time to the list painted ÷ this store's. */
  readonly w6Ratios: ReadonlyArray<{ readonly library: string; readonly ratio: number }>;
  readonly scaling: readonly ScalingRow[];
  /** Over-budget lines of the core entry (`.`), none when it is within. */
  readonly coreOverBudget: readonly string[];
  readonly coreGzip: number;
  readonly coreBudget: number | undefined;
  /** Final-state checks that failed, in any workload. */
  readonly failures: number;
}

export interface Aim {
  readonly aim: string;
  readonly measured: string;
  readonly met: boolean;
}

const ms = (value: number): string => (value >= 1 ? `${value.toFixed(2)} ms` : `${value.toFixed(3)} ms`);
const us = (value: number): string => `${value.toFixed(1)} µs`;
const times = (value: number): string => `${value.toFixed(2)}×`;
const known = (...values: Array<number | undefined>): boolean => values.every((v) => v !== undefined && Number.isFinite(v));

/** How much more a command in batch() may cost at the largest size than at the smallest, and still count as flat. */
const FLAT = 1.5;

export function aims(inputs: AimInputs): Aim[] {
  const { w1a, w1b, elfW1b, w2Batched, w4, elfW4, w4Changed, elfW4Changed, w5Ratio, w6Ratios, scaling } = inputs;
  const at = (groups: number): ScalingRow | undefined => scaling.find((row) => row.groups === groups);
  const tenThousand = at(10_000);
  const smallest = scaling[0];
  const largest = scaling[scaling.length - 1];
  const list: Aim[] = [];
  const add = (aim: string, measured: string, met: boolean): void => void list.push({ aim, measured, met });

  if (tenThousand) add('W2: a command with no emission ≤ 5 µs (issued in batch(), 10,000 groups)', us(tenThousand.issueUs), tenThousand.issueUs <= 5);
  else add('W2: a command with no emission ≤ 5 µs', 'not measured', false);
  add('W2: batch() of 1,000 addLocation ≤ 10 ms (issued to all settled)', w2Batched === undefined ? 'failed' : ms(w2Batched), w2Batched !== undefined && w2Batched <= 10);
  if (tenThousand) {
    // The command plus one new list: its cost in batch() plus one emission, which is a copy of the list, its
    // round (the subscribers told) and the collection of the list it replaces: no more than 3 copies' worth.
    // Any other pass over the list per command (a rebuild, a comparison) would show as more.
    const extra = tenThousand.oneByOneUs - tenThousand.batchedUs;
    add(
      'W2: one by one, a command costs the command plus one list emission (10,000 groups; its extra over batch() ≤ 3 copies of the list)',
      `${us(tenThousand.oneByOneUs)} against ${us(tenThousand.batchedUs)} in batch(): ${(extra / tenThousand.listCopyUs).toFixed(1)} copies of ${us(tenThousand.listCopyUs)}`,
      extra <= 3 * tenThousand.listCopyUs,
    );
  }
  if (smallest && largest && smallest !== largest) {
    const growth = largest.issueUs / smallest.issueUs;
    add(
      `A command's cost flat in the number of groups when nothing is emitted (${smallest.groups.toLocaleString('en')} to ${largest.groups.toLocaleString('en')}; ≤ ${FLAT}×)`,
      `${us(smallest.issueUs)} to ${us(largest.issueUs)} (${times(growth)})`,
      growth <= FLAT,
    );
  }
  add('W1a first load ≤ 2.5 ms', w1a === undefined ? 'failed' : ms(w1a), w1a !== undefined && w1a <= 2.5);
  add('W1b unchanged reload ≤ Elf', known(w1b, elfW1b) ? `${ms(w1b as number)} against ${ms(elfW1b as number)}` : 'failed', known(w1b, elfW1b) && (w1b as number) <= (elfW1b as number));
  add('W4 unchanged poll ≤ Elf', known(w4, elfW4) ? `${ms(w4 as number)} against ${ms(elfW4 as number)}` : 'failed', known(w4, elfW4) && (w4 as number) <= (elfW4 as number));
  add(
    'W4 the poll that finds a change ≤ 2× Elf',
    known(w4Changed, elfW4Changed) ? `${ms(w4Changed as number)} against 2 × ${ms(elfW4Changed as number)}` : 'failed',
    known(w4Changed, elfW4Changed) && (w4Changed as number) <= 2 * (elfW4Changed as number),
  );
  add('W5 retained heap ≤ 1.10× the array', w5Ratio === undefined ? 'failed' : `${times(w5Ratio)} the array`, w5Ratio !== undefined && w5Ratio <= 1.1);
  add(
    'W6 first render ≥ 1.0× both peers (peer ÷ this store)',
    w6Ratios.length === 0 ? 'not measured' : w6Ratios.map((r) => `${r.library} ${times(r.ratio)}`).join(', '),
    w6Ratios.length > 0 && w6Ratios.every((r) => r.ratio >= 1),
  );
  const core = inputs.coreBudget === undefined ? 'no budget' : `${(inputs.coreGzip / 1024).toFixed(2)} KB of ${(inputs.coreBudget / 1024).toFixed(2)} KB gz`;
  add('The core entry within its size budget (dependencies external)', core, inputs.coreOverBudget.length === 0);
  add('Every final-state check passed', inputs.failures === 0 ? 'all passed' : `${inputs.failures} failed`, inputs.failures === 0);
  return list;
}

export function aimsTable(list: readonly Aim[]): string {
  const rows = list.map(({ aim, measured, met }) => `| ${aim} | ${measured} | ${met ? 'met' : '**not met**'} |`);
  return ['| aim | measured | |', '|---|---|---|', ...rows].join('\n');
}
