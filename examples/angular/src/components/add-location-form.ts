import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { injectGroupsStore } from 'turso-groups-store/angular';
import { controlNames, noLocationChoice } from '../../../shared/dashboardText.js';
import { locationLabel, LocationsFeed } from '../../../shared/locationsFeed.js';
import { Toasts } from '../../../shared/toasts.js';
import { feedSignal } from '../feedSignal.js';

@Component({
  selector: 'form[addLocationForm]',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'add-location', 'data-add-location': '', '(submit)': 'add($event)' },
  template: `
    <select #select [attr.aria-label]="names.locationToAdd(group())" (change)="chosen.set(select.value)" [disabled]="addable().length === 0">
      @if (addable().length === 0) {
        <option value="">{{ noChoice() }}</option>
      }
      @for (key of addable(); track key) {
        <option [value]="key" [selected]="key === location()">{{ label(key) }}</option>
      }
    </select>
    <button type="submit" class="secondary small" [attr.aria-label]="names.addLocation(group())" [disabled]="location() === ''">Add location</button>
  `,
})
export class AddLocationForm {
  readonly group = input.required<string>();
  /** The group's locations as shown: they are not offered again. */
  readonly held = input.required<readonly string[]>();

  protected readonly names = controlNames;
  private readonly store = injectGroupsStore();
  private readonly toasts = inject(Toasts);
  private readonly locationsState = feedSignal(inject(LocationsFeed));
  protected readonly chosen = signal('');
  protected readonly addable = computed(() => Object.keys(this.locationsState().locations ?? {}).filter((key) => !this.held().includes(key)));
  // The choice while it can still be added, else the first that can.
  protected readonly location = computed(() => (this.addable().includes(this.chosen()) ? this.chosen() : (this.addable()[0] ?? '')));
  protected readonly noChoice = computed(() => noLocationChoice(this.locationsState()));

  protected label(key: string): string {
    return locationLabel(this.locationsState().locations, key);
  }

  protected add(event: Event): void {
    event.preventDefault();
    const location = this.location();
    if (location === '') return;
    // Shown at once; a failure rolls it back, sets the group's error and goes to the toast.
    // Commands on a group still being created wait behind the create (the store keeps a group's commands in order).
    this.store.addLocation(this.group(), location).catch(this.toasts.failure);
  }
}
