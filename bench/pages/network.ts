// W8's other half: the same page as ./persisted.ts, but nothing persisted:
// it paints once the list answers, 300 ms later.
import { createFetchTransport, createGroupsStore } from '../../src/index.js';
import { ORG } from '../seed.js';
import { BASE_URL, emulator, show, started, TOKEN } from './page.js';

started();
emulator.setFaults({ latency: { fixedMs: 300 } });
const store = createGroupsStore({ org: ORG, transport: createFetchTransport({ token: TOKEN, baseURL: BASE_URL, fetch: emulator.fetch }) });
store.subscribe((snapshot) => {
  if (snapshot.status.status === 'success') show(snapshot.groups);
});
void store.load();
