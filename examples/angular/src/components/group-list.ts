import { ChangeDetectionStrategy, Component, computed, ElementRef, inject, viewChild } from '@angular/core';
import { injectGroups, injectGroupsStore, injectListStatus, injectLoad } from 'turso-groups-store/angular';
import { GROUPS_HEADING_ID, LOADING_GROUPS, NO_GROUPS, TRY_AGAIN } from '../../../shared/dashboardText.js';
import { failureText } from '../../../shared/failureText.js';
import { LocationsFeed } from '../../../shared/locationsFeed.js';
import { GroupRow } from './group-row.js';
import { ListStatusLine } from './list-status-line.js';

@Component({
  selector: 'section[groupList]',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [GroupRow, ListStatusLine],
  host: { class: 'card', '[attr.aria-labelledby]': 'headingId' },
  template: `
    <div class="section-head">
      <h2 #heading [id]="headingId" tabindex="-1">Groups</h2>
      <div listStatusLine></div>
    </div>
    @if (status().status === 'error') {
      <div class="list-problem" data-list-problem role="alert">
        <p>{{ failure() }}.</p>
        <button type="button" class="secondary" (click)="tryAgain()">{{ tryAgainText }}</button>
      </div>
    }
    <ul aria-label="Groups" class="groups" [attr.aria-busy]="status().status === 'loading'">
      @for (group of groups(); track group.name) {
        <li groupRow [name]="group.name" (leaving)="focusList()"></li>
      }
    </ul>
    @if (groups().length === 0 && status().status !== 'error') {
      <p class="hint empty">{{ status().status === 'success' ? noGroups : loadingGroups }}</p>
    }
  `,
})
export class GroupList {
  protected readonly headingId = GROUPS_HEADING_ID;
  protected readonly tryAgainText = TRY_AGAIN;
  protected readonly noGroups = NO_GROUPS;
  protected readonly loadingGroups = LOADING_GROUPS;
  private readonly store = injectGroupsStore();
  private readonly locations = inject(LocationsFeed);
  protected readonly groups = injectGroups();
  protected readonly status = injectListStatus();
  protected readonly failure = computed(() => {
    const status = this.status();
    return status.status === 'error' ? failureText(status.error) : '';
  });
  private readonly heading = viewChild.required<ElementRef<HTMLHeadingElement>>('heading');

  constructor() {
    // Loads once the list has rendered, and gives up if it is destroyed first.
    injectLoad();
  }

  /** A deleted or transferred group's buttons leave with it: the focus goes to the list's heading, not to the top of the page. */
  protected focusList(): void {
    this.heading().nativeElement.focus();
  }

  protected tryAgain(): void {
    // The status shows how it goes; the locations are read again with a list that loads.
    this.store.load().catch(() => undefined);
    this.locations.retry();
  }
}
