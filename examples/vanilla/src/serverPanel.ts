import type { Subscription } from 'rxjs';
import type { GroupsStore } from 'turso-groups-store';
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
} from '../../shared/emulatorControl.js';
import { messageOf } from '../../shared/failureText.js';
import { FaultMonitor, type FaultReading } from '../../shared/faultMonitor.js';
import { h, setOptions, uniqueId } from './dom.js';

function field(label: string, control: HTMLInputElement | HTMLSelectElement): HTMLElement {
  const id = uniqueId('panel');
  control.id = id;
  return h('div', { class: 'field' }, h('label', { for: id }, label), control);
}

/** The plan in force on the server, as last read. */
function faultState(reading: FaultReading): Node[] {
  switch (reading.status) {
    case 'reading':
      return [h('p', { class: 'hint' }, 'Reading what is armed on the server…')];
    case 'unreachable':
      return [h('p', { class: 'hint problem' }, "Couldn't reach the server: what is armed there is unknown.")];
    case 'read': {
      const { latencyMs, failures } = reading.faults;
      const latency = h('p', { class: 'hint', 'data-latency-ms': latencyMs }, describeLatency(latencyMs));
      if (failures.length === 0) return [latency, h('p', { class: 'hint' }, 'No failures armed.')];
      const items = failures.map((failure) =>
        h('li', { 'data-fault': true, 'data-operation': failure.operation, 'data-kind': failure.kind, 'data-remaining': failure.remaining }, describeFailure(failure)),
      );
      return [latency, h('ul', { class: 'hint', 'aria-label': 'Armed failures' }, ...items)];
    }
  }
}

/**
 * The server panel (emulator mode only): latency, the next N requests of
 * one operation made to fail, and a group archived as Turso archives an idle
 * one. It steers the emulator, not the store: the store sees what a real API
 * would answer. What it shows as armed is the server's own count, read
 * again after every answer the store reports.
 */
export function serverPanel(store: GroupsStore): { element: HTMLElement; subscription: Subscription } {
  const monitor = new FaultMonitor({ events$: store.events$ });
  const latency = h('input', { type: 'number', min: 0, max: MAX_LATENCY_MS, step: 50, value: 0, inputmode: 'numeric' });
  const setLatencyButton = h('button', { type: 'submit', class: 'secondary' }, 'Set latency');
  const operation = h('select', {}, ...FAULT_OPERATIONS.map((name) => h('option', { value: name }, name)));
  const kind = h('select', {}, ...FAULT_KINDS.map((name) => h('option', { value: name }, FAULT_KIND_LABELS[name])));
  const count = h('input', { type: 'number', min: 1, max: MAX_FAIL_COUNT, step: 1, value: 1, inputmode: 'numeric' });
  const inject = h('button', { type: 'submit', class: 'secondary' }, 'Inject failure');
  const clear = h('button', { type: 'button', class: 'danger' }, 'Clear faults');
  const toArchive = h('select', {});
  const archive = h('button', { type: 'submit', class: 'secondary' }, 'Archive group');
  const state = h('div', { class: 'fault-state', 'data-fault-state': 'reading' });
  const status = h('p', { class: 'hint', role: 'status' });
  // Until something is typed, the latency field shows the server's.
  let latencyTyped = false;
  latency.addEventListener('input', () => (latencyTyped = true));

  const latencyForm = h('form', { class: 'row' }, field('Latency (ms)', latency), setLatencyButton);
  const failureForm = h(
    'form',
    { class: 'stack' },
    h('div', { class: 'row' }, field('Operation', operation), field('Failure', kind)),
    h('div', { class: 'row' }, field('Next N requests', count), inject),
  );
  const archiveForm = h('form', { class: 'row' }, field('Group to archive', toArchive), archive);
  const element = h(
    'section',
    { 'aria-label': 'Server panel' },
    h('h2', {}, 'Server panel'),
    h('p', { class: 'hint' }, 'Steers the emulator behind this page: slow answers, and failures a real API can give.'),
    state,
    latencyForm,
    failureForm,
    h('div', { class: 'row' }, clear),
    archiveForm,
    status,
  );

  const say = (text: string, problem: boolean): void => {
    status.textContent = text;
    status.classList.toggle('problem', problem);
  };
  const run = (command: FaultCommand, success: string): void => {
    monitor.send(command).then(
      () => say(success, false),
      (error: unknown) => say(messageOf(error), true),
    );
  };

  latencyForm.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!latency.reportValidity()) return;
    const ms = latency.valueAsNumber || 0;
    run({ action: 'latency', ms }, `Every answer now takes ${ms} ms more.`);
  });
  failureForm.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!count.reportValidity()) return;
    const chosen = kind.value as FaultKind;
    const n = count.valueAsNumber;
    const on = operation.value as FaultOperation;
    run({ action: 'fail', operation: on, kind: chosen, count: n }, `The next ${n === 1 ? 'request' : `${n} requests`} of ${on} will fail: ${FAULT_KIND_LABELS[chosen]}.`);
  });
  clear.addEventListener('click', () => {
    latency.value = '0';
    latencyTyped = true;
    run({ action: 'reset' }, 'Faults cleared: no latency, no failures.');
  });

  archiveForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const group = toArchive.value;
    if (group === '') return;
    archiveGroup(group).then(
      () => {
        say(archivedText(group), false);
        // The page learns of it as it would from Turso: by reading the groups.
        store.load().catch(() => {});
      },
      (error: unknown) => say(messageOf(error), true),
    );
  });

  const subscription = monitor.reading$.subscribe((reading) => {
    state.dataset['faultState'] = reading.status;
    state.replaceChildren(...faultState(reading));
    if (reading.status === 'read' && !latencyTyped) latency.value = String(reading.faults.latencyMs);
  });
  subscription.add(
    store.groups$.subscribe((groups) => {
      const names = archivableGroups(groups);
      setOptions(toArchive, names.length === 0 ? [['', NO_GROUP_TO_ARCHIVE]] : names.map((name) => [name, name] as const));
      toArchive.disabled = names.length === 0;
      archive.disabled = names.length === 0;
    }),
  );
  return { element, subscription };
}
