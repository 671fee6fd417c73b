import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { injectGroupsStore } from 'turso-groups-store/angular';
import { DEVTOOLS_LABEL, DevtoolsToggle } from '../../../shared/devtoolsToggle.js';

/** The header's switch for the store's devtools panel; the panel goes with the app. */
@Component({
  selector: 'button[devtoolsButton]',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { type: 'button', 'data-devtools-toggle': '', '[attr.aria-pressed]': 'open()', '(click)': 'toggle.toggle()' },
  template: `{{ label }}`,
})
export class DevtoolsButton {
  protected readonly toggle = new DevtoolsToggle(injectGroupsStore());
  protected readonly open = signal(this.toggle.open);
  protected readonly label = DEVTOOLS_LABEL;

  constructor() {
    const stop = this.toggle.subscribe((open) => this.open.set(open));
    inject(DestroyRef).onDestroy(() => {
      stop();
      this.toggle.dispose();
    });
  }
}
