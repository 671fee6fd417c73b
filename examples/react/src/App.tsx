import { useEffect, type ReactElement } from 'react';
import type { Locations } from 'turso-groups-store';
import { useGroupsStore } from 'turso-groups-store/react';
import { CreateGroupForm } from './components/CreateGroupForm.js';
import { EventLog } from './components/EventLog.js';
import { GroupList } from './components/GroupList.js';
import { ServerPanel } from './components/ServerPanel.js';
import { ToastRegion } from './components/ToastRegion.js';
import { LocationsProvider } from './locations.js';
import { ToastProvider, useToast } from './toast.js';

export interface AppProps {
  readonly mode: 'emulator' | 'proxy';
  readonly org: string;
  readonly listLocations: (signal: AbortSignal) => Promise<Locations>;
}

export function App({ mode, org, listLocations }: AppProps): ReactElement {
  return (
    <ToastProvider>
      <FailureToast />
      <LocationsProvider listLocations={listLocations}>
        <header className="top">
          <h1>Turso groups · React</h1>
          <p className="hint">
            Organization <strong>{org}</strong> · {mode === 'emulator' ? 'the embedded emulator' : 'the Turso Platform API, through this server'}
          </p>
        </header>
        <main className="dashboard">
          <div className="main">
            <CreateGroupForm />
            <GroupList />
          </div>
          <div className="side">
            {mode === 'emulator' && <ServerPanel />}
            <EventLog />
          </div>
        </main>
        <ToastRegion />
      </LocationsProvider>
    </ToastProvider>
  );
}

/**
 * Every failed command of the store goes to the toast, background refreshes
 * included. Commands refused before they reach the wire (a name shown
 * already, say) raise no event: their callers hand those to the toast.
 */
function FailureToast(): null {
  const store = useGroupsStore();
  const toast = useToast();
  useEffect(() => {
    const subscription = store.events$.subscribe((event) => {
      if (event.type === 'failure') toast.failure(event.error);
    });
    return () => subscription.unsubscribe();
  }, [store, toast]);
  return null;
}
