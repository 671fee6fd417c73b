// W8: the dashboard page that persists (localStorage), every answer held
// 300 ms. The first visit of a browser context loads the list and stores it;
// the measured second visit paints from what was stored, before the list
// answers. The same page without a stored entry is W8's other half
// (./network.ts).
import { createFetchTransport, createGroupsStore } from '../../src/index.js';
import { localStoragePersister } from '../../src/persist/index.js';
import { ORG } from '../seed.js';
import { BASE_URL, emulator, show, started, TOKEN } from './page.js';

export const LATENCY_MS = 300;

started();
emulator.setFaults({ latency: { fixedMs: LATENCY_MS } });
const store = createGroupsStore({
  org: ORG,
  transport: createFetchTransport({ token: TOKEN, baseURL: BASE_URL, fetch: emulator.fetch }),
  persist: { storage: localStoragePersister(), base: 'w8' },
});
store.subscribe((snapshot) => {
  const { status } = snapshot.status;
  if (snapshot.groups.length > 0 && (status === 'restored' || status === 'success')) {
    window.__paintedFrom = status;
    show(snapshot.groups);
  }
});
void store.load().then(() => {
  // Saved a microtask after the round: the next visit finds it.
  queueMicrotask(() => {
    window.__stored = localStorage.length > 0;
  });
});

declare global {
  interface Window {
    __paintedFrom?: string;
    __stored?: boolean;
  }
}
