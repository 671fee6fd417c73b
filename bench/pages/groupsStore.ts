import { createFetchTransport, createGroupsStore } from '../../src/index.js';
import { ORG } from '../seed.js';
import { BASE_URL, emulator, show, started, TOKEN } from './page.js';

started();
// This store as an app uses it: its fetch transport over the in-page emulator.
const store = createGroupsStore({ org: ORG, transport: createFetchTransport({ token: TOKEN, baseURL: BASE_URL, fetch: emulator.fetch }) });
store.subscribe((snapshot) => {
  if (snapshot.status.status === 'success') show(snapshot.groups);
});
void store.load();
