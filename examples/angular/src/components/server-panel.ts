import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { injectGroups, injectGroupsStore } from 'turso-groups-store/angular';
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
import { FaultMonitor } from '../../../shared/faultMonitor.js';
import { uniqueId } from '../uniqueId.js';

/**
 * Steers the emulator behind the dashboard server (emulator mode only):
 * latency for every request, failures for the next requests of one
 * operation, and a group archived as Turso archives an idle one. What it
 * shows as armed is the server's own count, read again after every answer
 * the store reports: never what this page asked for.
 */
@Component({
  selector: 'section[serverPanel]',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'server-panel', 'aria-label': 'Server panel' },
  styles: `
    form { display: flex; flex-direction: column; gap: 0.5rem; }
    form.row { flex-direction: row; }
    h2 { margin: 0; }
    select { max-width: 100%; }
    .hint:empty { display: none; }
    .muted { color: var(--muted); font-weight: normal; }
  `,
  template: `
    <h2>Server panel <span class="muted">(emulator)</span></h2>
    @switch (reading().status) {
      @case ('reading') {
        <div class="fault-state" data-fault-state="reading"><p class="hint">Reading what is armed on the server…</p></div>
      }
      @case ('unreachable') {
        <div class="fault-state" data-fault-state="unreachable"><p class="hint problem">Couldn't reach the server: what is armed there is unknown.</p></div>
      }
      @default {
        @if (faults(); as faults) {
          <div class="fault-state" data-fault-state="read">
            <p class="hint" [attr.data-latency-ms]="faults.latencyMs">{{ latencyText(faults.latencyMs) }}</p>
            @if (faults.failures.length === 0) {
              <p class="hint">No failures armed.</p>
            } @else {
              <ul class="hint" aria-label="Armed failures">
                @for (failure of faults.failures; track $index) {
                  <li data-fault [attr.data-operation]="failure.operation" [attr.data-kind]="failure.kind" [attr.data-remaining]="failure.remaining">{{ failureText(failure) }}</li>
                }
              </ul>
            }
          </div>
        }
      }
    }
    <form class="row" (submit)="applyLatency($event)">
      <div class="field">
        <label [attr.for]="id + '-latency'">Latency (ms)</label>
        <input #latencyField [id]="id + '-latency'" type="number" min="0" [attr.max]="maxLatency" step="50" inputmode="numeric" [value]="shownLatency()" (input)="latency.set(latencyField.value)" />
      </div>
      <button type="submit" class="secondary">Set latency</button>
    </form>
    <form class="panel-form" (submit)="injectFailure($event)">
      <div class="row">
        <div class="field">
          <label [attr.for]="id + '-operation'">Operation</label>
          <select #operationField [id]="id + '-operation'" (change)="operation.set($any(operationField.value))">
            @for (op of operations; track op) {
              <option [value]="op" [selected]="op === operation()">{{ op }}</option>
            }
          </select>
        </div>
        <div class="field">
          <label [attr.for]="id + '-kind'">Failure</label>
          <select #kindField [id]="id + '-kind'" (change)="kind.set($any(kindField.value))">
            @for (k of kinds; track k) {
              <option [value]="k" [selected]="k === kind()">{{ kindLabels[k] }}</option>
            }
          </select>
        </div>
      </div>
      <div class="row">
        <div class="field">
          <label [attr.for]="id + '-count'">Next N requests</label>
          <input #countField [id]="id + '-count'" type="number" min="1" [attr.max]="maxFailCount" step="1" inputmode="numeric" [value]="count()" (input)="count.set(countField.value)" />
        </div>
        @if (kind() === '429') {
          <div class="field">
            <label [attr.for]="id + '-retry-after'">Retry-After (s)</label>
            <input #retryField [id]="id + '-retry-after'" type="number" min="0" max="3600" step="1" inputmode="numeric" [value]="retryAfter()" (input)="retryAfter.set(retryField.value)" />
          </div>
        }
      </div>
      <div class="row">
        <button type="submit" class="secondary">Inject failure</button>
        <button type="button" class="secondary" (click)="clear()">Clear faults</button>
      </div>
    </form>
    <form class="row" (submit)="archive($event)">
      <div class="field">
        <label [attr.for]="id + '-archive'">Group to archive</label>
        <select #archiveField [id]="id + '-archive'" (change)="chosenToArchive.set(archiveField.value)" [disabled]="archivable().length === 0">
          @if (archivable().length === 0) {
            <option value="">{{ noGroupToArchive }}</option>
          }
          @for (name of archivable(); track name) {
            <option [value]="name" [selected]="name === toArchive()">{{ name }}</option>
          }
        </select>
      </div>
      <button type="submit" class="secondary" [disabled]="toArchive() === ''">Archive group</button>
    </form>
    <p [class]="outcome().problem ? 'hint problem' : 'hint'" role="status">{{ outcome().text }}</p>
  `,
})
export class ServerPanel {
  protected readonly id = uniqueId('panel');
  protected readonly operations = FAULT_OPERATIONS;
  protected readonly kinds = FAULT_KINDS;
  protected readonly kindLabels = FAULT_KIND_LABELS;
  protected readonly maxLatency = MAX_LATENCY_MS;
  protected readonly maxFailCount = MAX_FAIL_COUNT;
  protected readonly noGroupToArchive = NO_GROUP_TO_ARCHIVE;
  protected readonly latencyText = describeLatency;
  protected readonly failureText = describeFailure;

  private readonly store = injectGroupsStore();
  private readonly groups = injectGroups();
  private readonly destroyRef = inject(DestroyRef);
  private readonly monitor = new FaultMonitor({ events$: this.store.events$ });
  protected readonly reading = toSignal(this.monitor.reading$, { requireSync: true });
  protected readonly faults = computed(() => {
    const reading = this.reading();
    return reading.status === 'read' ? reading.faults : undefined;
  });
  // The fields hold what was typed; numbers are read when a form is sent.
  protected readonly latency = signal<string | undefined>(undefined);
  protected readonly operation = signal<FaultOperation>('addLocation');
  protected readonly kind = signal<FaultKind>('500');
  protected readonly count = signal('1');
  protected readonly retryAfter = signal('1');
  protected readonly archivable = computed(() => archivableGroups(this.groups()));
  protected readonly chosenToArchive = signal('');
  // The choice while it can still be archived, else the first that can.
  protected readonly toArchive = computed(() => (this.archivable().includes(this.chosenToArchive()) ? this.chosenToArchive() : (this.archivable()[0] ?? '')));
  /** What the panel did last, or why it could not, for its polite status line. */
  protected readonly outcome = signal<{ readonly text: string; readonly problem: boolean }>({ text: '', problem: false });
  // Until something is typed, the latency field shows the server's.
  protected readonly shownLatency = computed(() => this.latency() ?? String(this.faults()?.latencyMs ?? 0));

  private run(command: FaultCommand, success: string): void {
    this.monitor.send(command).then(
      () => this.show(success, false),
      (error: unknown) => this.show(messageOf(error), true),
    );
  }

  private show(text: string, problem: boolean): void {
    if (!this.destroyRef.destroyed) this.outcome.set({ text, problem });
  }

  protected applyLatency(event: Event): void {
    event.preventDefault();
    const ms = clampInt(this.shownLatency(), 0, MAX_LATENCY_MS, 0);
    this.run({ action: 'latency', ms }, `Every answer now takes ${ms} ms more.`);
  }

  protected injectFailure(event: Event): void {
    event.preventDefault();
    const n = clampInt(this.count(), 1, MAX_FAIL_COUNT, 1);
    const kind = this.kind();
    const operation = this.operation();
    const seconds = kind === '429' ? clampInt(this.retryAfter(), 0, 3600, 1) : undefined;
    const requests = n === 1 ? 'request' : `${n} requests`;
    this.run({ action: 'fail', operation, count: n, kind, retryAfter: seconds }, `The next ${requests} of ${operation} will fail: ${FAULT_KIND_LABELS[kind]}.`);
  }

  protected clear(): void {
    this.latency.set('0');
    this.run({ action: 'reset' }, 'Faults cleared: no latency, no failures.');
  }

  protected archive(event: Event): void {
    event.preventDefault();
    const group = this.toArchive();
    if (group === '') return;
    archiveGroup(group).then(
      () => {
        this.show(archivedText(group), false);
        // The page learns of it as it would from Turso: by reading the groups.
        this.store.load().catch(() => undefined);
      },
      (error: unknown) => this.show(messageOf(error), true),
    );
  }
}
