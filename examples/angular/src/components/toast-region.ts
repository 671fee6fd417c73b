import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { focusPastToast } from '../../../shared/focusPastToast.js';
import { Toasts } from '../../../shared/toasts.js';
import { feedSignal } from '../feedSignal.js';

/**
 * The page's messages, at the foot of the main column (sticky, so they stay
 * in view without covering the side column). A failure is an alert, the
 * rest a status; nothing here takes the focus, and a dismissed one hands it on.
 */
@Component({
  selector: 'div[toastRegion]',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'toasts', 'data-toasts': '' },
  template: `
    @for (toast of list(); track toast.id) {
      <div class="toast" data-toast [attr.data-tone]="toast.tone" [attr.role]="toast.tone === 'failure' ? 'alert' : 'status'">
        <p class="toast-text">{{ toast.text }}</p>
        <button type="button" class="small" aria-label="Dismiss message" (click)="dismiss(toast.id, $event)">Dismiss</button>
      </div>
    }
  `,
})
export class ToastRegion {
  private readonly toasts = inject(Toasts);
  protected readonly list = feedSignal(this.toasts);

  protected dismiss(id: number, event: MouseEvent): void {
    focusPastToast(event.currentTarget as HTMLElement);
    this.toasts.dismiss(id);
  }
}
