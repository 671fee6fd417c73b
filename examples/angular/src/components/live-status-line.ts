import { ChangeDetectionStrategy, Component } from '@angular/core';
import { injectGroupsStore } from 'turso-groups-store/angular';
import { LiveStatus } from '../../../shared/liveStatus.js';
import { feedSignal } from '../feedSignal.js';

/** The header's "Live:" line: whether other people's changes show as they happen. */
@Component({
  selector: 'p[liveStatusLine]',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'live', role: 'status', '[attr.data-feed-status]': 'line().status' },
  template: `{{ line().text }}`,
})
export class LiveStatusLine {
  protected readonly line = feedSignal(new LiveStatus(injectGroupsStore()));
}
