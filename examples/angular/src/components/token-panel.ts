import { afterNextRender, ChangeDetectionStrategy, Component, ElementRef, inject, input, output, signal, viewChild } from '@angular/core';
import { controlNames, TOKEN_COPIED, TOKEN_NOTE, tokenCopyFailed } from '../../../shared/dashboardText.js';
import { Toasts } from '../../../shared/toasts.js';

/** The JWT, shown once, with "Copy token" and "Dismiss"; the focus starts on "Copy token". */
@Component({
  selector: 'div[tokenPanel]',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'token', role: 'group', '[attr.aria-label]': 'names.token(group())' },
  template: `
    <p class="hint token-note">{{ note }}</p>
    <code data-token>{{ jwt() }}</code>
    <div class="row token-actions">
      <button #copyButton type="button" class="small" [attr.aria-label]="names.copyToken(group())" (click)="copy()">Copy token</button>
      <button type="button" class="secondary small" [attr.aria-label]="names.dismissToken(group())" (click)="dismissed.emit()">Dismiss</button>
      <span class="hint" role="status">{{ copied() ? copiedText : '' }}</span>
    </div>
  `,
})
export class TokenPanel {
  readonly group = input.required<string>();
  readonly jwt = input.required<string>();
  readonly dismissed = output<void>();

  protected readonly names = controlNames;
  protected readonly note = TOKEN_NOTE;
  protected readonly copiedText = TOKEN_COPIED;
  protected readonly copied = signal(false);
  private readonly toasts = inject(Toasts);
  private readonly copyButton = viewChild.required<ElementRef<HTMLButtonElement>>('copyButton');

  constructor() {
    // Made when a token is minted, and only then: the token is what the user came for.
    afterNextRender(() => this.copyButton().nativeElement.focus());
  }

  protected copy(): void {
    navigator.clipboard.writeText(this.jwt()).then(
      () => this.copied.set(true),
      (error: unknown) => this.toasts.show(tokenCopyFailed(error)),
    );
  }
}
