// What a request costs through the emulator's fetch (Request and Response
// objects, routing, JSON both ways) and through the bench server's call:
// the reason the bench uses the latter. Also JSON.parse of the list alone.
import { createPlatformEmulator } from '../src/emulator/index.js';
import { median } from './measure.js';
import { BenchServer, groupName, LIST_PATH, locationPath, ORG, seedGroups } from './server.js';
import { GROUP_COUNT } from './workloads.js';

export interface EmulatorCost {
  readonly listMs: number;
  readonly addLocationMs: number;
  readonly serverListMs: number;
  readonly serverAddLocationMs: number;
  readonly parseMs: number;
}

async function timeEach(times: number, task: (i: number) => Promise<unknown> | unknown): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    await task(i);
    samples.push(performance.now() - start);
  }
  return median(samples);
}

export async function emulatorCost(): Promise<EmulatorCost> {
  const token = 'bench-token';
  const emulator = createPlatformEmulator({ org: ORG, token, groups: seedGroups(GROUP_COUNT) });
  const headers = { authorization: `Bearer ${token}` };
  const listMs = await timeEach(9, async () => (await emulator.fetch(`http://emulator.invalid${LIST_PATH}`, { headers })).json());
  const addLocationMs = await timeEach(1000, async (i) => (await emulator.fetch(`http://emulator.invalid${locationPath(groupName(i), 'ams')}`, { method: 'POST', headers })).json());
  const server = new BenchServer(GROUP_COUNT);
  const serverListMs = await timeEach(9, () => server.call('GET', LIST_PATH));
  const serverAddLocationMs = await timeEach(1000, (i) => server.call('POST', locationPath(groupName(i), 'ams')));
  const body = JSON.stringify({ groups: server.groups() });
  const parseMs = await timeEach(9, () => JSON.parse(body));
  return { listMs, addLocationMs, serverListMs, serverAddLocationMs, parseMs };
}
