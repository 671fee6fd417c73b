import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { injectGroupsStore, injectListStatus } from 'turso-groups-store/angular';
import { clockTime } from '../../../shared/clockTime.js';
import { REFRESH } from '../../../shared/dashboardText.js';
import { reasonText } from '../../../shared/failureText.js';
import { LocationsFeed } from '../../../shared/locationsFeed.js';

/** The list's status (`[data-list-status]` holds the bare word), when it was loaded, and a refresh. */
@Component({
  selector: 'div[listStatusLine]',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'list-status' },
  template: `
    <p>
      List <span [attr.data-list-status]="status().status">{{ status().status }}</span>
      @if (status().fetching && status().status !== 'loading') {
        <span class="hint"> · refreshing…</span>
      }
      @if (updatedAt(); as at) {
        <span class="hint"> · updated <time [attr.datetime]="at.toISOString()">{{ time(at) }}</time></span>
      }
    </p>
    @if (status().refreshError; as error) {
      <p class="hint problem">Last refresh failed: {{ reason(error) }}.</p>
    }
    <button type="button" class="secondary small" (click)="refresh()">{{ refreshText }}</button>
  `,
})
export class ListStatusLine {
  protected readonly refreshText = REFRESH;
  private readonly store = injectGroupsStore();
  private readonly locations = inject(LocationsFeed);
  protected readonly status = injectListStatus();
  protected readonly updatedAt = computed(() => {
    const { updatedAt } = this.status();
    return updatedAt === undefined ? undefined : new Date(updatedAt);
  });
  protected readonly time = clockTime;
  protected readonly reason = reasonText;

  protected refresh(): void {
    // The status shows how it went; the locations, if they failed, are read again too.
    this.store.load().catch(() => undefined);
    this.locations.retry();
  }
}
