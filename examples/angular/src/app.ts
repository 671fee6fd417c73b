import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { GROUPS_HEADING_ID, SKIP_TO_GROUPS, subtitle } from '../../shared/dashboardText.js';
import { CreateGroupForm } from './components/create-group-form.js';
import { DevtoolsButton } from './components/devtools-button.js';
import { EventLog } from './components/event-log.js';
import { GroupList } from './components/group-list.js';
import { LiveStatusLine } from './components/live-status-line.js';
import { ServerPanel } from './components/server-panel.js';
import { ToastRegion } from './components/toast-region.js';
import { DASHBOARD } from './dashboardContext.js';

/**
 * The page: the create form, the groups and the messages in the main column;
 * the server panel (emulator mode) and the event log beside them. Components
 * are attribute selectors on the elements they render, so the page's DOM is
 * the same as the other dashboards' (a row is the `<li>` itself).
 */
@Component({
  selector: 'groups-dashboard',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [CreateGroupForm, GroupList, ToastRegion, ServerPanel, EventLog, LiveStatusLine, DevtoolsButton],
  template: `
    <a class="skip-link" [attr.href]="'#' + headingId">{{ skipText }}</a>
    <header class="top">
      <h1>Turso groups · Angular</h1>
      <p class="hint">{{ subtitle }}</p>
      <p liveStatusLine></p>
      <button devtoolsButton></button>
    </header>
    <main class="dashboard">
      <div class="main">
        <section createGroupForm></section>
        <section groupList></section>
        <div toastRegion></div>
      </div>
      <div class="side">
        @if (context.mode === 'emulator') {
          <section serverPanel></section>
        }
        <section eventLog></section>
      </div>
    </main>
  `,
})
export class App {
  protected readonly context = inject(DASHBOARD);
  protected readonly headingId = GROUPS_HEADING_ID;
  protected readonly skipText = SKIP_TO_GROUPS;
  protected readonly subtitle = subtitle(this.context.org, this.context.api);
}
