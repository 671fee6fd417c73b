import { useEffect, useId, useState, type FormEvent, type ReactElement } from 'react';
import { useGroups, useGroupsStore } from 'turso-groups-store/react';
import {
  archivableGroups,
  archivedText,
  archiveGroup,
  describeFailure,
  describeLatency,
  FAULT_KIND_LABELS,
  FAULT_KINDS,
  FAULT_OPERATIONS,
  MAX_FAIL_COUNT,
  MAX_LATENCY_MS,
  NO_GROUP_TO_ARCHIVE,
  type FaultCommand,
  type FaultKind,
  type FaultOperation,
} from '../../../shared/emulatorControl.js';
import { clampInt } from '../../../shared/clampInt.js';
import { messageOf } from '../../../shared/failureText.js';
import { FaultMonitor, type FaultReading } from '../../../shared/faultMonitor.js';

/**
 * Steers the emulator behind the dashboard server (emulator mode only):
 * latency for every request, failures for the next requests of one
 * operation, and a group archived as Turso archives an idle one. What it shows as armed is the server's own count, read again
 * after every answer the store reports: never what this page asked for.
 */
export function ServerPanel(): ReactElement {
  const store = useGroupsStore();
  const id = useId();
  const [monitor] = useState(() => new FaultMonitor({ events$: store.events$ }));
  const [reading, setReading] = useState<FaultReading>({ status: 'reading' });
  // The fields hold what was typed; numbers are read when a form is sent.
  const [latency, setLatencyField] = useState<string | undefined>(undefined);
  const [operation, setOperation] = useState<FaultOperation>('addLocation');
  const [kind, setKind] = useState<FaultKind>('500');
  const [count, setCount] = useState('1');
  const [retryAfter, setRetryAfter] = useState('1');
  const archivable = archivableGroups(useGroups(store));
  const [chosenToArchive, setToArchive] = useState('');
  // The choice while it can still be archived, else the first that can.
  const toArchive = archivable.includes(chosenToArchive) ? chosenToArchive : (archivable[0] ?? '');
  /** What the panel did last, or why it could not, for its polite status line. */
  const [outcome, setOutcome] = useState<{ readonly text: string; readonly problem: boolean }>({ text: '', problem: false });

  useEffect(() => {
    const subscription = monitor.reading$.subscribe(setReading);
    return () => subscription.unsubscribe();
  }, [monitor]);

  // Until something is typed, the latency field shows the server's.
  const shownLatency = latency ?? (reading.status === 'read' ? String(reading.faults.latencyMs) : '0');

  function run(command: FaultCommand, success: string): void {
    monitor.send(command).then(
      () => setOutcome({ text: success, problem: false }),
      (error: unknown) => setOutcome({ text: messageOf(error), problem: true }),
    );
  }

  function applyLatency(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const ms = clampInt(shownLatency, 0, MAX_LATENCY_MS, 0);
    run({ action: 'latency', ms }, `Every answer now takes ${ms} ms more.`);
  }

  function inject(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const n = clampInt(count, 1, MAX_FAIL_COUNT, 1);
    const seconds = kind === '429' ? clampInt(retryAfter, 0, 3600, 1) : undefined;
    const requests = n === 1 ? 'request' : `${n} requests`;
    run({ action: 'fail', operation, count: n, kind, retryAfter: seconds }, `The next ${requests} of ${operation} will fail: ${FAULT_KIND_LABELS[kind]}.`);
  }

  function clear(): void {
    setLatencyField('0');
    run({ action: 'reset' }, 'Faults cleared: no latency, no failures.');
  }

  function archive(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const group = toArchive;
    if (group === '') return;
    archiveGroup(group).then(
      () => {
        setOutcome({ text: archivedText(group), problem: false });
        // The page learns of it as it would from Turso: by reading the groups.
        store.load().catch(() => undefined);
      },
      (error: unknown) => setOutcome({ text: messageOf(error), problem: true }),
    );
  }

  return (
    <section className="server-panel" aria-label="Server panel">
      <h2>
        Server panel <span className="muted">(emulator)</span>
      </h2>
      <FaultStateView reading={reading} />
      <form className="row" onSubmit={applyLatency}>
        <div className="field">
          <label htmlFor={`${id}-latency`}>Latency (ms)</label>
          <input id={`${id}-latency`} type="number" min={0} max={MAX_LATENCY_MS} step={50} inputMode="numeric" value={shownLatency} onChange={(e) => setLatencyField(e.target.value)} />
        </div>
        <button type="submit" className="secondary">
          Set latency
        </button>
      </form>
      <form className="panel-form" onSubmit={inject}>
        <div className="row">
          <div className="field">
            <label htmlFor={`${id}-operation`}>Operation</label>
            <select id={`${id}-operation`} value={operation} onChange={(e) => setOperation(e.target.value as FaultOperation)}>
              {FAULT_OPERATIONS.map((op) => (
                <option key={op} value={op}>
                  {op}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-kind`}>Failure</label>
            <select id={`${id}-kind`} value={kind} onChange={(e) => setKind(e.target.value as FaultKind)}>
              {FAULT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {FAULT_KIND_LABELS[k]}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="row">
          <div className="field">
            <label htmlFor={`${id}-count`}>Next N requests</label>
            <input id={`${id}-count`} type="number" min={1} max={MAX_FAIL_COUNT} step={1} inputMode="numeric" value={count} onChange={(e) => setCount(e.target.value)} />
          </div>
          {kind === '429' && (
            <div className="field">
              <label htmlFor={`${id}-retry-after`}>Retry-After (s)</label>
              <input id={`${id}-retry-after`} type="number" min={0} max={3600} step={1} inputMode="numeric" value={retryAfter} onChange={(e) => setRetryAfter(e.target.value)} />
            </div>
          )}
        </div>
        <div className="row">
          <button type="submit" className="secondary">
            Inject failure
          </button>
          <button type="button" className="secondary" onClick={clear}>
            Clear faults
          </button>
        </div>
      </form>
      <form className="row" onSubmit={archive}>
        <div className="field">
          <label htmlFor={`${id}-archive`}>Group to archive</label>
          <select id={`${id}-archive`} value={toArchive} onChange={(e) => setToArchive(e.target.value)} disabled={archivable.length === 0}>
            {archivable.length === 0 && <option value="">{NO_GROUP_TO_ARCHIVE}</option>}
            {archivable.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="secondary" disabled={toArchive === ''}>
          Archive group
        </button>
      </form>
      <p className={outcome.problem ? 'hint problem' : 'hint'} role="status">
        {outcome.text}
      </p>
    </section>
  );
}

/** The plan in force on the server, as last read. */
function FaultStateView({ reading }: { readonly reading: FaultReading }): ReactElement {
  if (reading.status === 'reading') {
    return (
      <div className="fault-state" data-fault-state="reading">
        <p className="hint">Reading what is armed on the server…</p>
      </div>
    );
  }
  if (reading.status === 'unreachable') {
    return (
      <div className="fault-state" data-fault-state="unreachable">
        <p className="hint problem">Couldn't reach the server: what is armed there is unknown.</p>
      </div>
    );
  }
  const { latencyMs, failures } = reading.faults;
  return (
    <div className="fault-state" data-fault-state="read">
      <p className="hint" data-latency-ms={latencyMs}>
        {describeLatency(latencyMs)}
      </p>
      {failures.length === 0 ? (
        <p className="hint">No failures armed.</p>
      ) : (
        <ul className="hint" aria-label="Armed failures">
          {failures.map((failure, index) => (
            <li key={index} data-fault data-operation={failure.operation} data-kind={failure.kind} data-remaining={failure.remaining}>
              {describeFailure(failure)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
