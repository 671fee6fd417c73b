import type { Subscription } from 'rxjs';
import type { GroupsStore } from 'turso-groups-store';
import {
  FAULT_KINDS,
  FAULT_OPERATIONS,
  MAX_FAIL_COUNT,
  MAX_LATENCY_MS,
  failNext,
  getFaults,
  resetFaults,
  setLatency,
  type FaultKind,
  type FaultOperation,
  type FaultState,
} from '../../shared/emulatorControl.js';
import { h, uniqueId } from './dom.js';

function field(label: string, control: HTMLInputElement | HTMLSelectElement): HTMLElement {
  const id = uniqueId('panel');
  control.id = id;
  return h('div', { class: 'field' }, h('label', { for: id }, label), control);
}

function describe(state: FaultState): string {
  const latency = state.latencyMs > 0 ? `Latency ${state.latencyMs} ms.` : 'No latency.';
  const armed = state.failures.map((failure) => `${failure.remaining}× ${failure.kind} on ${failure.operation}`);
  return `${latency} ${armed.length > 0 ? `Armed: ${armed.join(', ')}.` : 'No failures armed.'}`;
}

/**
 * The server panel (emulator mode only): latency, and the next N requests of
 * one operation made to fail. It steers the emulator, not the store: the
 * store sees what a real API would answer.
 */
export function serverPanel(store: GroupsStore): { element: HTMLElement; subscription: Subscription } {
  const latency = h('input', { type: 'number', min: 0, max: MAX_LATENCY_MS, step: 50, value: 0, inputmode: 'numeric' });
  const setLatencyButton = h('button', { type: 'submit', class: 'secondary' }, 'Set latency');
  const operation = h('select', {}, ...FAULT_OPERATIONS.map((name) => h('option', { value: name }, name)));
  const kind = h('select', {}, ...FAULT_KINDS.map((name) => h('option', { value: name }, name === '429' ? '429 + Retry-After' : name)));
  const count = h('input', { type: 'number', min: 1, max: MAX_FAIL_COUNT, step: 1, value: 1, inputmode: 'numeric' });
  const inject = h('button', { type: 'submit', class: 'secondary' }, 'Inject failure');
  const clear = h('button', { type: 'button', class: 'danger' }, 'Clear faults');
  const status = h('p', { class: 'hint', role: 'status' }, 'Reading the fault plan…');

  const latencyForm = h('form', { class: 'row' }, field('Latency (ms)', latency), setLatencyButton);
  const failureForm = h(
    'form',
    { class: 'stack' },
    h('div', { class: 'row' }, field('Operation', operation), field('Failure', kind)),
    h('div', { class: 'row' }, field('Next N requests', count), inject),
  );
  const element = h(
    'section',
    { 'aria-label': 'Server panel' },
    h('h2', {}, 'Server panel'),
    h('p', { class: 'hint' }, 'Steers the emulator behind this page: slow answers, and failures a real API can give.'),
    latencyForm,
    failureForm,
    h('div', { class: 'row' }, clear),
    status,
  );

  const show = (state: FaultState): void => {
    status.textContent = describe(state);
    status.classList.remove('problem');
  };
  const run = (change: Promise<FaultState>): void => {
    change.then(show, (error: unknown) => {
      status.textContent = error instanceof Error ? error.message : String(error);
      status.classList.add('problem');
    });
  };

  latencyForm.addEventListener('submit', (event) => {
    event.preventDefault();
    if (latency.reportValidity()) run(setLatency(latency.valueAsNumber));
  });
  failureForm.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!count.reportValidity()) return;
    run(failNext({ operation: operation.value as FaultOperation, kind: kind.value as FaultKind, count: count.valueAsNumber }));
  });
  clear.addEventListener('click', () => {
    run(resetFaults());
    latency.value = '0';
  });

  run(getFaults());
  // An answered command may have spent an armed failure: show what is left.
  const subscription = store.events$.subscribe((event) => {
    if (event.type !== 'start') run(getFaults());
  });
  return { element, subscription };
}
