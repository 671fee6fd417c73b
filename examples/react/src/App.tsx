import type { ReactElement } from 'react';
import { GROUPS_HEADING_ID, SKIP_TO_GROUPS, subtitle } from '../../shared/dashboardText.js';
import type { DevtoolsToggle } from '../../shared/devtoolsToggle.js';
import type { LocationsFeed } from '../../shared/locationsFeed.js';
import type { Toasts } from '../../shared/toasts.js';
import { CreateGroupForm } from './components/CreateGroupForm.js';
import { DevtoolsButton } from './components/DevtoolsButton.js';
import { EventLog } from './components/EventLog.js';
import { GroupList } from './components/GroupList.js';
import { LiveStatusLine } from './components/LiveStatusLine.js';
import type { LiveStatus } from '../../shared/liveStatus.js';
import { ServerPanel } from './components/ServerPanel.js';
import { ToastRegion } from './components/ToastRegion.js';
import { LocationsProvider } from './locations.js';
import { OrganizationsProvider, type Organizations } from './organizations.js';
import { ToastProvider } from './toast.js';

export interface AppProps {
  readonly mode: 'emulator' | 'proxy';
  /** The page's organization and the others Transfer may offer; made once, in main.tsx. */
  readonly organizations: Organizations;
  /** The API the page talks to, in words (`describeApi`). */
  readonly api: string;
  readonly locations: LocationsFeed;
  /** The page's messages; main.tsx has them watch the store's failures. */
  readonly toasts: Toasts;
  /** The devtools switch; main.tsx makes it beside the store. */
  readonly devtools: DevtoolsToggle;
  /** The "Live:" line's feed; main.tsx makes it beside the store. */
  readonly live: LiveStatus;
}

export function App({ mode, organizations, api, locations, toasts, devtools, live }: AppProps): ReactElement {
  return (
    <ToastProvider toasts={toasts}>
      <LocationsProvider feed={locations}>
        <OrganizationsProvider value={organizations}>
          <a className="skip-link" href={`#${GROUPS_HEADING_ID}`}>
            {SKIP_TO_GROUPS}
          </a>
          <header className="top">
            <h1>Turso groups · React</h1>
            <p className="hint">{subtitle(organizations.org, api)}</p>
            <LiveStatusLine live={live} />
            <DevtoolsButton toggle={devtools} />
          </header>
          <main className="dashboard">
            <div className="main">
              <CreateGroupForm />
              <GroupList />
              <ToastRegion />
            </div>
            <div className="side">
              {mode === 'emulator' && <ServerPanel />}
              <EventLog />
            </div>
          </main>
        </OrganizationsProvider>
      </LocationsProvider>
    </ToastProvider>
  );
}
