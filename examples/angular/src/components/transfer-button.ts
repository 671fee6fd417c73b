import { afterNextRender, ChangeDetectionStrategy, Component, computed, ElementRef, inject, Injector, input, output, signal, viewChild } from '@angular/core';
import { BACK, chooseTransfer, confirmTransfer, controlNames } from '../../../shared/dashboardText.js';
import { DASHBOARD } from '../dashboardContext.js';
import { uniqueId } from '../uniqueId.js';

type Step = 'choose' | 'confirm';

/**
 * "Transfer": a modal <dialog> in two steps, the organization to move the
 * group to, then the question with both organizations named. The page
 * behind it is inert and Escape cancels; focus starts on the organization,
 * then on "Cancel" (the safe choice) at the question, back on the
 * organization with "Back", and returns to the button when it closes.
 */
@Component({
  selector: 'transfer-button',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <button type="button" class="secondary small" [attr.aria-label]="names.transfer(group())" (click)="open()">Transfer</button>
    <dialog #dialog class="confirm-dialog" [attr.aria-labelledby]="id + '-title'" [attr.aria-describedby]="id + '-message'" (close)="step.set('choose')">
      @if (step() === 'choose') {
        <form (submit)="next($event)">
          <h2 [id]="id + '-title'">{{ choice().title }}</h2>
          <p [id]="id + '-message'">{{ choice().message }}</p>
          <div class="field transfer-target">
            <label [attr.for]="id + '-target'">{{ choice().targetLabel }}</label>
            <select #targetSelect [id]="id + '-target'" (change)="chosen.set(targetSelect.value)">
              @for (other of context.otherOrgs; track other) {
                <option [value]="other" [selected]="other === target()">{{ other }}</option>
              }
            </select>
          </div>
          <div class="row dialog-actions">
            <button type="button" class="secondary" (click)="dialog.close()">Cancel</button>
            <button type="submit" class="secondary">{{ choice().nextLabel }}</button>
          </div>
        </form>
      } @else {
        <h2 [id]="id + '-title'">{{ question().title }}</h2>
        <p [id]="id + '-message'">{{ question().message }}</p>
        <div class="row dialog-actions">
          <button type="button" class="secondary" (click)="goTo('choose')">{{ backText }}</button>
          <button #cancel type="button" class="secondary" (click)="dialog.close()">Cancel</button>
          <button type="button" class="danger" (click)="confirm()">{{ question().confirmLabel }}</button>
        </div>
      }
    </dialog>
  `,
})
export class TransferButton {
  /** The group to transfer. */
  readonly group = input.required<string>();
  /** The organization, once the transfer is confirmed. */
  readonly confirmed = output<string>();

  protected readonly names = controlNames;
  protected readonly backText = BACK;
  protected readonly context = inject(DASHBOARD);
  protected readonly id = uniqueId('transfer');
  private readonly injector = inject(Injector);
  private readonly dialog = viewChild.required<ElementRef<HTMLDialogElement>>('dialog');
  private readonly targetSelect = viewChild<ElementRef<HTMLSelectElement>>('targetSelect');
  private readonly cancel = viewChild<ElementRef<HTMLButtonElement>>('cancel');
  protected readonly step = signal<Step>('choose');
  protected readonly chosen = signal('');
  // The choice while it is still offered, else the first.
  protected readonly target = computed(() => (this.context.otherOrgs.includes(this.chosen()) ? this.chosen() : (this.context.otherOrgs[0] ?? '')));
  protected readonly choice = computed(() => chooseTransfer(this.group()));
  protected readonly question = computed(() => confirmTransfer(this.group(), this.context.org, this.target()));

  protected open(): void {
    this.step.set('choose');
    this.dialog().nativeElement.showModal();
    this.targetSelect()?.nativeElement.focus();
  }

  /** Shows `step` and, once it is drawn, moves the focus into it. */
  protected goTo(step: Step): void {
    this.step.set(step);
    afterNextRender(() => (step === 'choose' ? this.targetSelect() : this.cancel())?.nativeElement.focus(), { injector: this.injector });
  }

  protected next(event: Event): void {
    event.preventDefault();
    if (this.target() !== '') this.goTo('confirm');
  }

  protected confirm(): void {
    this.dialog().nativeElement.close();
    this.confirmed.emit(this.target());
  }
}
