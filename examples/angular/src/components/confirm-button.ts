import { ChangeDetectionStrategy, Component, ElementRef, input, output, viewChild } from '@angular/core';
import type { Confirmation } from '../../../shared/dashboardText.js';
import { uniqueId } from '../uniqueId.js';

/**
 * A destructive command behind a modal <dialog>: the page behind it is
 * inert, Escape cancels, focus starts on "Cancel" (the safe choice) and goes
 * back to the button when the dialog closes.
 */
@Component({
  selector: 'confirm-button',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <!-- aria-disabled rather than disabled: focusable, so the reason it waits is read with it. -->
    <button type="button" [class]="buttonClass()" [attr.aria-label]="accessibleName()" [attr.aria-disabled]="blockedBy() !== undefined ? true : null" [attr.aria-describedby]="blockedBy() ?? null" (click)="open()">{{ label() }}</button>
    <dialog #dialog class="confirm-dialog" [attr.aria-labelledby]="id + '-title'" [attr.aria-describedby]="id + '-message'">
      <h2 [id]="id + '-title'">{{ question().title }}</h2>
      <p [id]="id + '-message'">{{ question().message }}</p>
      <div class="row dialog-actions">
        <button #cancel type="button" class="secondary" (click)="dialog.close()">Cancel</button>
        <button type="button" class="danger" (click)="confirm()">{{ question().confirmLabel }}</button>
      </div>
    </dialog>
  `,
})
export class ConfirmButton {
  /** The button's visible text, such as "Delete". */
  readonly label = input.required<string>();
  /** Its accessible name, which names the group: "Delete eu". */
  readonly accessibleName = input.required<string>();
  readonly question = input.required<Confirmation>();
  readonly buttonClass = input('danger small');
  /**
   * The id of the visible text that says why the command waits: while set,
   * the button stays focusable but does nothing (`aria-disabled`), and that
   * text describes it.
   */
  readonly blockedBy = input<string | undefined>(undefined);
  readonly confirmed = output<void>();

  protected readonly id = uniqueId('confirm');
  private readonly dialog = viewChild.required<ElementRef<HTMLDialogElement>>('dialog');
  private readonly cancel = viewChild.required<ElementRef<HTMLButtonElement>>('cancel');

  protected open(): void {
    if (this.blockedBy() !== undefined) return;
    this.dialog().nativeElement.showModal();
    this.cancel().nativeElement.focus();
  }

  protected confirm(): void {
    this.dialog().nativeElement.close();
    this.confirmed.emit();
  }
}
