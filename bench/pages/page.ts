// What every W6 page shares: the in-page emulator holding 1,000 groups, the
// one render function, and the report the bench reads back. Each contender's
// page differs only in how it loads the list and hands it to `show`.
import type { Group } from '../../src/index.js';
import { createPlatformEmulator } from '../../src/emulator/index.js';
import { LIST_PATH, ORG, seedGroups } from '../seed.js';

export const PAGE_GROUPS = 1000;
export const TOKEN = 'bench-token';
export const BASE_URL = 'http://emulator.invalid';

export const emulator = createPlatformEmulator({ org: ORG, token: TOKEN, groups: seedGroups(PAGE_GROUPS) });

/** The list as a peer's own fetch code gets it: the emulator's fetch, then `json()`. */
export async function fetchGroups(): Promise<Group[]> {
  const response = await emulator.fetch(`${BASE_URL}${LIST_PATH}`, { headers: { authorization: `Bearer ${TOKEN}` } });
  if (!response.ok) throw new Error(`list: ${response.status}`);
  return ((await response.json()) as { groups: Group[] }).groups;
}

export interface PageResult {
  /** ms from navigation start until the page's modules were evaluated and its own code began. */
  readonly startedAt: number;
  /** ms from navigation start until the list's DOM was built. */
  readonly renderedAt: number;
  /** ms from navigation start until the list was painted (Element Timing; else the frame after). */
  readonly paintedAt: number;
  readonly paintedBy: 'element-timing' | 'frame';
  /** undefined when the rows are the server's groups, in order. */
  readonly wrong: string | undefined;
}

declare global {
  interface Window {
    __result?: PageResult;
  }
}

let shown = false;
let startedAt = Number.NaN;

/** Called first thing by each page, once every module it imports has been evaluated. */
export function started(): void {
  startedAt = performance.now();
}

/** Renders the list once (plain DOM, the same code for every contender) and reports when it is on screen. */
export function show(groups: readonly Group[]): void {
  if (shown) return;
  shown = true;
  const list = document.getElementById('list') as HTMLUListElement;
  const fragment = document.createDocumentFragment();
  for (const group of groups) {
    const row = document.createElement('li');
    row.textContent = `${group.name} · ${group.locations.join(', ')} · primary ${group.primary}`;
    fragment.append(row);
  }
  // Element Timing reports only what is painted in the viewport: the first row, painted with the rest.
  fragment.firstElementChild?.setAttribute('elementtiming', 'list');
  list.append(fragment);
  const renderedAt = performance.now();
  const truth = emulator.snapshot().groups;
  const rows = [...list.children].map((row) => row.textContent);
  const expected = truth.map((g) => `${g.name} · ${g.locations.join(', ')} · primary ${g.primary}`);
  const index = expected.findIndex((text, i) => rows[i] !== text);
  const wrong = rows.length !== expected.length ? `${rows.length} rows for ${expected.length} groups` : index >= 0 ? `row ${index}: ${rows[index]}` : undefined;

  let settled = false;
  const report = (paintedAt: number, paintedBy: PageResult['paintedBy']): void => {
    if (settled) return;
    settled = true;
    window.__result = { startedAt, renderedAt, paintedAt, paintedBy, wrong };
  };
  new PerformanceObserver((entries) => {
    for (const entry of entries.getEntries()) {
      const timing = entry as PerformanceEntry & { identifier?: string; renderTime?: number };
      if (timing.identifier === 'list' && timing.renderTime) report(timing.renderTime, 'element-timing');
    }
  }).observe({ type: 'element', buffered: true });
  // Without Element Timing: a task queued from the next animation frame runs once that frame is painted.
  requestAnimationFrame(() =>
    setTimeout(() => {
      const frameAt = performance.now();
      setTimeout(() => report(frameAt, 'frame'), 200); // Element Timing, when it reports, reports first
    }, 0),
  );
}
