import { useId, useState, type FormEvent, type ReactElement } from 'react';
import { FAULT_KIND_LABELS, FAULT_KINDS, FAULT_OPERATIONS, failNext, MAX_FAIL_COUNT, MAX_LATENCY_MS, resetFaults, setLatency, type FaultKind, type FaultOperation } from '../../../shared/emulatorControl.js';
import { messageOf, useToast } from '../toast.js';


/** A whole number from `min` to `max`, or `fallback` for an empty or unreadable field. */
function clampInt(value: string, min: number, max: number, fallback: number): number {
  const n = Math.round(Number(value));
  return value.trim() === '' || !Number.isFinite(n) ? fallback : Math.min(max, Math.max(min, n));
}

/**
 * Steers the emulator behind the dashboard server (emulator mode only):
 * latency for every request, and failures for the next requests of one operation.
 */
export function ServerPanel(): ReactElement {
  const toast = useToast();
  const id = useId();
  // The fields hold what was typed; numbers are read when a form is sent.
  const [latency, setLatencyField] = useState('0');
  const [operation, setOperation] = useState<FaultOperation>('addLocation');
  const [kind, setKind] = useState<FaultKind>('500');
  const [count, setCount] = useState('1');
  const [retryAfter, setRetryAfter] = useState('1');
  /** What the panel did last, for its polite status line. */
  const [done, setDone] = useState('');

  function run(action: () => Promise<unknown>, success: string): void {
    action().then(
      () => setDone(success),
      (error: unknown) => toast.show(`Server panel: ${messageOf(error)}`),
    );
  }

  function applyLatency(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const ms = clampInt(latency, 0, MAX_LATENCY_MS, 0);
    run(() => setLatency(ms), `Every request now takes ${ms} ms more.`);
  }

  function inject(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const n = clampInt(count, 1, MAX_FAIL_COUNT, 1);
    const seconds = kind === '429' ? clampInt(retryAfter, 0, 3600, 1) : undefined;
    const requests = n === 1 ? 'request' : `${n} requests`;
    run(() => failNext({ operation, count: n, kind, retryAfter: seconds }), `The next ${requests} of ${operation} will fail: ${FAULT_KIND_LABELS[kind]}.`);
  }

  function clear(): void {
    run(() => resetFaults(), 'Faults cleared: no latency, no failures.');
  }

  return (
    <section className="server-panel" aria-label="Server panel">
      <h2>
        Server panel <span className="muted">(emulator)</span>
      </h2>
      <form className="row" onSubmit={applyLatency}>
        <div className="field">
          <label htmlFor={`${id}-latency`}>Latency (ms)</label>
          <input id={`${id}-latency`} type="number" min={0} max={MAX_LATENCY_MS} step={50} inputMode="numeric" value={latency} onChange={(e) => setLatencyField(e.target.value)} />
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
      <p className="hint" role="status">
        {done}
      </p>
    </section>
  );
}
