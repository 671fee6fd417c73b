import { ChangeDetectionStrategy, Component, computed, ElementRef, inject, signal, viewChild } from '@angular/core';
import { injectGroups, injectGroupsStore } from 'turso-groups-store/angular';
import { locationsUnavailableText, noLocationChoice } from '../../../shared/dashboardText.js';
import { groupNameProblem } from '../../../shared/groupNameProblem.js';
import { locationLabel, LocationsFeed } from '../../../shared/locationsFeed.js';
import { Toasts } from '../../../shared/toasts.js';
import { feedSignal } from '../feedSignal.js';
import { uniqueId } from '../uniqueId.js';

@Component({
  selector: 'section[createGroupForm]',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'card', '[attr.aria-labelledby]': 'id + "-heading"' },
  template: `
    <h2 [id]="id + '-heading'">Create a group</h2>
    <form class="row" novalidate (submit)="create($event)">
      <div class="field">
        <label [attr.for]="id + '-name'">Group name</label>
        <input
          #nameField
          [id]="id + '-name'"
          type="text"
          [value]="name()"
          (input)="name.set(nameField.value)"
          autocomplete="off"
          spellcheck="false"
          [attr.aria-describedby]="id + '-hint'"
          [attr.aria-invalid]="name() !== '' && problem() !== undefined"
        />
      </div>
      <div class="field">
        <label [attr.for]="id + '-location'">Location</label>
        <select #locationField [id]="id + '-location'" (change)="chosen.set(locationField.value)" [disabled]="choices().length === 0">
          @if (choices().length === 0) {
            <option value="">{{ noChoice() }}</option>
          }
          @for (key of choices(); track key) {
            <option [value]="key" [selected]="key === location()">{{ label(key) }}</option>
          }
        </select>
      </div>
      <button type="submit" class="primary" [disabled]="!canCreate()" [attr.aria-describedby]="waiting() === undefined ? null : id + '-waiting'">Create group</button>
    </form>
    <p [id]="id + '-hint'" [class]="name() !== '' && problem() !== undefined ? 'hint problem' : 'hint'" data-name-hint aria-live="polite">{{ problem() ?? 'A valid name.' }}</p>
    @if (waiting(); as why) {
      <p [id]="id + '-waiting'" [class]="locationsState().status === 'error' ? 'hint problem' : 'hint'" data-create-blocked>{{ why }}</p>
    }
  `,
})
export class CreateGroupForm {
  protected readonly id = uniqueId('create');
  private readonly store = injectGroupsStore();
  private readonly toasts = inject(Toasts);
  private readonly groups = injectGroups();
  protected readonly locationsState = feedSignal(inject(LocationsFeed));
  private readonly nameField = viewChild.required<ElementRef<HTMLInputElement>>('nameField');
  protected readonly name = signal('');
  protected readonly chosen = signal('');

  // A name shown already is refused by the store before any request: said here, as you type.
  protected readonly problem = computed(() => groupNameProblem(this.name(), this.groups().map((group) => group.name)));
  protected readonly choices = computed(() => Object.keys(this.locationsState().locations ?? {}));
  // The first location until one is chosen, so the form can be sent at once.
  protected readonly location = computed(() => (this.choices().includes(this.chosen()) ? this.chosen() : (this.choices()[0] ?? '')));
  protected readonly waiting = computed(() => locationsUnavailableText(this.locationsState()));
  protected readonly noChoice = computed(() => noLocationChoice(this.locationsState()));
  protected readonly canCreate = computed(() => this.problem() === undefined && this.location() !== '');

  protected label(key: string): string {
    return locationLabel(this.locationsState().locations, key);
  }

  protected create(event: Event): void {
    event.preventDefault();
    if (!this.canCreate()) return;
    const sent = { name: this.name(), location: this.location() };
    // Shown at once, marked optimistic; the form empties, focus in the name, ready for the next.
    // A failure rolls it back and goes to the toast; the form gets its values back unless a new name was begun.
    this.store.create(sent).catch((error: unknown) => {
      this.toasts.failure(error);
      if (this.nameField().nativeElement.value === '') {
        this.name.set(sent.name);
        this.chosen.set(sent.location);
      }
    });
    this.name.set('');
    this.nameField().nativeElement.focus();
  }
}
