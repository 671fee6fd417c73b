import { ChangeDetectionStrategy, Component, computed, inject, input, output } from '@angular/core';
import { injectGroup, injectGroupMeta, injectGroupsStore } from 'turso-groups-store/angular';
import {
  ARCHIVED,
  confirmDelete,
  confirmInvalidate,
  controlNames,
  DELETE_PROTECTION,
  deleteBlockedText,
  tokensInvalidated,
  transferred,
  unarchived,
} from '../../../shared/dashboardText.js';
import { groupFailureText } from '../../../shared/failureText.js';
import { focusPastRemoval } from '../../../shared/focusPastRemoval.js';
import { focusPastUnarchive } from '../../../shared/focusPastUnarchive.js';
import { groupStateOf, groupStateText, PAUSED_TEXT } from '../../../shared/groupState.js';
import { LocationsFeed } from '../../../shared/locationsFeed.js';
import { Toasts } from '../../../shared/toasts.js';
import { DASHBOARD } from '../dashboardContext.js';
import { feedSignal } from '../feedSignal.js';
import { uniqueId } from '../uniqueId.js';
import { AddLocationForm } from './add-location-form.js';
import { ConfirmButton } from './confirm-button.js';
import { MintedToken } from './minted-token.js';
import { TokenPanel } from './token-panel.js';
import { TransferButton } from './transfer-button.js';

/**
 * One group: the `<li>` of the list itself. It reads its own group and meta
 * from the store, by its `name` input, so it renders again only when those
 * change, never because another group or the list's status did.
 */
@Component({
  selector: 'li[groupRow]',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [AddLocationForm, ConfirmButton, TokenPanel, TransferButton],
  host: { class: 'group', '[attr.data-group]': 'name()', '[attr.data-state]': 'state()' },
  template: `
    @if (group(); as group) {
      <div class="group-head">
        <h3 class="group-name" tabindex="-1">{{ name() }}</h3>
        @if (group.archived === true) {
          <span class="badge" data-archived>{{ archivedText }}</span>
          <button type="button" class="secondary small" [attr.aria-label]="names.unarchive(name())" (click)="unarchive($event)">Unarchive</button>
        }
        @if (stateText() !== '') {
          <span data-state-label>{{ stateText() }}</span>
        }
        @if (meta().paused) {
          <span data-state-label>{{ pausedText }}</span>
        }
        <div class="group-settings">
          @if (context.otherOrgs.length > 0) {
            <transfer-button [group]="name()" (confirmed)="transfer($event)" />
          }
          <button type="button" role="switch" [attr.aria-checked]="isProtected()" class="small" [attr.aria-label]="names.deleteProtection(name())" (click)="toggleProtection()">
            <span class="switch-track" aria-hidden="true"></span>{{ protectionText }}
          </button>
        </div>
      </div>

      <ul class="locations" [attr.aria-label]="names.locations(name())">
        @for (location of group.locations; track location) {
          <li class="location" [attr.data-location]="location" [attr.data-primary]="location === group.primary ? '' : null">
            <span [attr.title]="locationName(location)">{{ location }}</span>
            @if (location === group.primary) {
              <span class="primary-mark">primary</span>
            } @else {
              <button type="button" [attr.aria-label]="names.removeLocation(location, name())" [attr.title]="'Remove ' + location" (click)="removeLocation(location, $event)">×</button>
            }
          </li>
        }
      </ul>

      @if (meta().error) {
        <p class="group-error" data-error>{{ failure() }}</p>
      }

      <div class="group-actions">
        <form addLocationForm [group]="name()" [held]="group.locations"></form>
        <!-- aria-disabled rather than disabled while minting: a disabled button would drop the focus. -->
        <button #mintButton type="button" class="secondary small" [attr.aria-label]="names.mintToken(name())" [attr.aria-disabled]="token.minting()" (click)="token.mint()">{{ token.minting() ? 'Minting…' : 'Mint token' }}</button>
        <confirm-button label="Invalidate tokens" [accessibleName]="names.invalidateTokens(name())" [question]="invalidateQuestion()" buttonClass="secondary small" (confirmed)="invalidateTokens()" />
        <confirm-button label="Delete" [accessibleName]="names.delete(name())" [question]="deleteQuestion()" [blockedBy]="isProtected() ? blockedId : undefined" (confirmed)="deleteGroup()" />
        @if (isProtected()) {
          <p [id]="blockedId" class="hint" data-delete-blocked>{{ blockedText() }}</p>
        }
      </div>

      <!-- Keyed by the token's serial: each new token gets a panel of its own, its focus on "Copy token". -->
      @for (shown of token.panels(); track shown.serial) {
        <div tokenPanel [group]="name()" [jwt]="shown.jwt" (dismissed)="token.dismiss(); mintButton.focus()"></div>
      }
    }
  `,
})
export class GroupRow {
  readonly name = input.required<string>();
  /** A delete or a transfer was sent: the row is about to leave. */
  readonly leaving = output<void>();

  protected readonly names = controlNames;
  protected readonly archivedText = ARCHIVED;
  protected readonly pausedText = PAUSED_TEXT;
  protected readonly protectionText = DELETE_PROTECTION;
  protected readonly blockedId = uniqueId('blocked');
  protected readonly context = inject(DASHBOARD);
  private readonly store = injectGroupsStore();
  private readonly toasts = inject(Toasts);
  private readonly locations = feedSignal(inject(LocationsFeed));
  protected readonly group = injectGroup(this.name);
  protected readonly meta = injectGroupMeta(this.name);
  protected readonly token = new MintedToken(this.store, this.toasts, this.name);

  protected readonly isProtected = computed(() => this.group()?.delete_protection === true);
  protected readonly state = computed(() => groupStateOf(this.meta()));
  protected readonly stateText = computed(() => groupStateText(this.meta()));
  protected readonly failure = computed(() => groupFailureText(this.meta(), this.group()));
  protected readonly invalidateQuestion = computed(() => confirmInvalidate(this.name()));
  protected readonly deleteQuestion = computed(() => confirmDelete(this.name()));
  protected readonly blockedText = computed(() => deleteBlockedText(this.name()));

  protected locationName(location: string): string | null {
    return this.locations().locations?.[location] ?? null;
  }

  protected removeLocation(location: string, event: MouseEvent): void {
    // The button goes with its location: the focus moves on first.
    focusPastRemoval(event.currentTarget as HTMLElement);
    // Optimistic: gone at once, back with the error if the server refuses.
    this.store.removeLocation(this.name(), location).catch(this.toasts.failure);
  }

  protected deleteGroup(): void {
    // Gone at once; a failure brings the group back with its error, and the toast tells.
    this.store.delete(this.name()).catch(this.toasts.failure);
    this.leaving.emit();
  }

  protected invalidateTokens(): void {
    const name = this.name();
    this.store.invalidateTokens(name).then(() => this.toasts.success(tokensInvalidated(name)), this.toasts.failure);
  }

  protected toggleProtection(): void {
    // Shown at once; a refusal turns it back, with the error here and in the toast.
    this.store.setDeleteProtection(this.name(), !this.isProtected()).catch(this.toasts.failure);
  }

  protected unarchive(event: MouseEvent): void {
    // The button goes with the badge at once: the focus moves on first.
    focusPastUnarchive(event.currentTarget as HTMLElement);
    const name = this.name();
    this.store.unarchive(name).then(() => this.toasts.success(unarchived(name)), this.toasts.failure);
  }

  protected transfer(organization: string): void {
    // Gone from this list at once; a refusal brings it back with its error, and the toast tells.
    const name = this.name();
    this.store.transfer(name, organization).then(() => this.toasts.success(transferred(name, organization)), this.toasts.failure);
    this.leaving.emit();
  }
}
