// W8: persistence in headless Chromium. First paint of a 1,000-group
// dashboard from what an earlier visit stored, against the same page waiting
// for the list, every answer held 300 ms (pages/persisted.ts, pages/network.ts);
// and what persisting costs: one write of the 1,000 groups, and commands
// confirmed one after another on a store that persists, against one that does
// not (pages/persistWrites.ts). Pages built and served as W6's are.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { buildPages, CHROMIUM_ARGS, serve } from './firstRender.js';
import { median } from './measure.js';
import type { PageResult } from './pages/page.js';

const PAGES = ['persisted', 'network', 'persistWrites'] as const;

export interface PersistedRender {
  /** Median ms from navigation to the list painted, from the stored groups (a second visit). */
  readonly persistedMs: number;
  /** What the persisted page painted from (`restored` when it did not wait for the list). */
  readonly paintedFrom: string;
  /** Median ms from navigation to the list painted, waiting for the list (300 ms latency). */
  readonly networkMs: number;
  readonly runs: number;
  /** Commands confirmed one after another: ms for all of them, persisting (a write per round) and not. */
  readonly writes: { commands: number; persistedMs: number; plainMs: number; oneWriteMs: number; entryBytes: number };
}

async function visit(browser: Browser, url: string, prime: boolean): Promise<PageResult & { paintedFrom?: string }> {
  const context = await browser.newContext();
  try {
    const tab = await context.newPage();
    if (prime) {
      // The earlier visit: it loads the list and stores it.
      await tab.goto(url);
      await tab.waitForFunction(() => window.__stored === true, undefined, { timeout: 30_000 });
    }
    await tab.goto(url);
    await tab.waitForFunction(() => window.__result !== undefined, undefined, { timeout: 30_000 });
    const result = (await tab.evaluate(() => ({ ...window.__result, paintedFrom: window.__paintedFrom }))) as PageResult & { paintedFrom?: string };
    if (result.wrong !== undefined) throw new Error(`W8: the page rendered the wrong list: ${result.wrong}`);
    return result;
  } finally {
    await context.close();
  }
}

/** Builds the pages, then loads each `runs` times round-robin (after one warm-up round). */
export async function persistedFirstRender(runs: number): Promise<PersistedRender> {
  const dir = await mkdtemp(join(tmpdir(), 'turso-groups-bench-w8-'));
  const pagesDir = fileURLToPath(new URL('./pages/', import.meta.url));
  const server = await serve(dir);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    await buildPages(PAGES.map((page) => join(pagesDir, `${page}.ts`)), dir);
    for (const page of PAGES) {
      await writeFile(join(dir, `${page}.html`), `<!doctype html><meta charset="utf-8"><title>W8 ${page}</title><ul id="list"></ul><script type="module" src="./${page}.js"></script>\n`);
    }
    const { port } = server.address() as AddressInfo;
    const url = (page: string): string => `http://127.0.0.1:${port}/${page}.html`;
    const persisted: number[] = [];
    const network: number[] = [];
    const paintedFrom = new Set<string>();
    for (let round = 0; round < runs + 1; round++) {
      const order = round % 2 === 0 ? (['persisted', 'network'] as const) : (['network', 'persisted'] as const);
      for (const page of order) {
        const result = await visit(browser, url(page), page === 'persisted');
        if (round === 0) continue;
        if (page === 'persisted') {
          persisted.push(result.paintedAt);
          paintedFrom.add(result.paintedFrom ?? '?');
        } else network.push(result.paintedAt);
      }
    }
    const context = await browser.newContext();
    const tab = await context.newPage();
    await tab.goto(url('persistWrites'));
    await tab.waitForFunction(() => window.__writes !== undefined, undefined, { timeout: 120_000 });
    const writes = (await tab.evaluate(() => window.__writes)) as PersistedRender['writes'];
    await context.close();
    return { persistedMs: median(persisted), networkMs: median(network), paintedFrom: [...paintedFrom].join(', '), runs: persisted.length, writes };
  } finally {
    await browser.close();
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  }
}

/** W8's lines for the bench's report. */
export function persistedRenderReport(w8: PersistedRender): string {
  const { writes } = w8;
  const perCommand = (writes.persistedMs - writes.plainMs) / writes.commands;
  return [
    `W8 first paint of 1,000 groups, every answer 300 ms (medians of ${w8.runs} page loads each, headless Chromium): ` +
      `from the stored groups ${w8.persistedMs.toFixed(1)} ms (painted from ${w8.paintedFrom}), waiting for the list ${w8.networkMs.toFixed(1)} ms.`,
    `W8 writing: one write of the 1,000 groups (the entry's JSON, ${(writes.entryBytes / 1024).toFixed(0)} KB, into localStorage) costs ${writes.oneWriteMs.toFixed(2)} ms; ` +
      `${writes.commands} commands confirmed one after another (a round each; the groups written at the first and at the end of each second) ` +
      `took ${writes.persistedMs.toFixed(1)} ms persisting against ${writes.plainMs.toFixed(1)} ms not (${perCommand.toFixed(2)} ms per command).`,
  ].join('\n');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(persistedRenderReport(await persistedFirstRender(Number(process.argv[2] ?? 9))));
}
