// The server panels' reading of the emulator's fault plan, without a page:
// when it asks the server, and which answer it shows.
import { Subject } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { StoreEvent } from '../../src/index.js';
import type { FaultState } from '../../examples/shared/emulatorControl.js';
import { FaultMonitor, type FaultReading } from '../../examples/shared/faultMonitor.js';

const NONE = Object.freeze<FaultState>({ latencyMs: 0, failures: [] });
const ARMED = Object.freeze<FaultState>({ latencyMs: 0, failures: [{ operation: 'list', kind: '500', remaining: 1 }] });

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

/** A control endpoint whose answers the test hands out one by one, in any order. */
function controlEndpoint() {
  const pending: { readonly method: string; answer(state: FaultState | 'unreachable'): void }[] = [];
  vi.stubGlobal('fetch', (_url: string, init?: RequestInit) =>
    new Promise<Response>((resolve, reject) => {
      pending.push({
        method: init?.method ?? 'GET',
        answer: (state) => (state === 'unreachable' ? reject(new TypeError('Failed to fetch')) : resolve(Response.json(state))),
      });
    }),
  );
  return pending;
}

/** A page that is shown, as far as the monitor asks. */
function shownPage(): Document {
  return { visibilityState: 'visible', addEventListener() {}, removeEventListener() {} } as unknown as Document;
}

function event(type: StoreEvent['type']): StoreEvent {
  return { type, id: 1, operation: 'list', group: undefined } as unknown as StoreEvent;
}

function watch(monitor: FaultMonitor): { readings: FaultReading[]; stop(): void } {
  const readings: FaultReading[] = [];
  const subscription = monitor.reading$.subscribe((reading) => readings.push(reading));
  return { readings, stop: () => subscription.unsubscribe() };
}

describe('FaultMonitor', () => {
  it('reads when watched, and again after each answer the store reports, not when a request starts', async () => {
    const requests = controlEndpoint();
    const events$ = new Subject<StoreEvent>();
    const monitor = new FaultMonitor({ events$, document: shownPage() });
    expect(requests).toHaveLength(0);
    const { readings } = watch(monitor);
    requests[0]?.answer(NONE);
    events$.next(event('start'));
    events$.next(event('failure'));
    requests[1]?.answer(ARMED);
    await vi.waitFor(() => expect(readings.at(-1)).toEqual({ status: 'read', faults: ARMED }));
    expect(requests.map((request) => request.method)).toEqual(['GET', 'GET']);
    expect(readings).toEqual([{ status: 'reading' }, { status: 'read', faults: NONE }, { status: 'read', faults: ARMED }]);
  });

  it('shows a later question\'s answer over an earlier one that arrives after it', async () => {
    const requests = controlEndpoint();
    const monitor = new FaultMonitor({ events$: new Subject(), document: shownPage() });
    const { readings } = watch(monitor);
    const sent = monitor.send({ action: 'reset' });
    requests[1]?.answer(NONE);
    await sent;
    requests[0]?.answer(ARMED);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(readings).toEqual([{ status: 'reading' }, { status: 'read', faults: NONE }]);
  });

  it('says when the server cannot be reached, and a command rejects in those words', async () => {
    const requests = controlEndpoint();
    const monitor = new FaultMonitor({ events$: new Subject(), document: shownPage() });
    const { readings } = watch(monitor);
    const sent = monitor.send({ action: 'latency', ms: 10 });
    requests[0]?.answer('unreachable');
    requests[1]?.answer('unreachable');
    await expect(sent).rejects.toThrow("Couldn't reach the server");
    expect(readings.at(-1)).toEqual({ status: 'unreachable' });
  });

  it('polls only while failures are armed and someone watches', async () => {
    vi.useFakeTimers();
    const requests = controlEndpoint();
    const monitor = new FaultMonitor({ events$: new Subject(), document: shownPage(), pollMs: 1_000 });
    const watcher = watch(monitor);
    requests[0]?.answer(ARMED);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(requests).toHaveLength(2);
    requests[1]?.answer(NONE);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(requests).toHaveLength(2);
    monitor.refresh();
    requests[2]?.answer(ARMED);
    await vi.advanceTimersByTimeAsync(0);
    watcher.stop();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(requests).toHaveLength(3);
  });
});
