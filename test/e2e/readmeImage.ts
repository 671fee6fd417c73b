// The README's screenshots: which dashboard, where each is written (a
// temporary folder, unless the test's variable asks for the README's own in
// examples/), and a size the README can carry.
import { mkdirSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { DashboardName } from '../../examples/server/dashboardServer.js';

export interface ReadmeImage {
  /** The dashboard the variable names (`react` when it is unset or `1`). */
  readonly dashboard: DashboardName;
  /** Writes the page's viewport as `file`, and checks it is at most `maxBytes`. */
  save(page: Page): Promise<void>;
}

/** A README screenshot named `file`, written to examples/ only when `variable` is set (`README_SCREENSHOT=react`). */
export function readmeImage(variable: string, file: string, maxBytes: number): ReadmeImage {
  const requested = process.env[variable];
  const dashboard = (requested === undefined || requested === '1' ? 'react' : requested) as DashboardName;
  return {
    dashboard,
    async save(page) {
      const folder = requested === undefined ? mkdtempSync(`${tmpdir()}/readme-image-`) : fileURLToPath(new URL('../../examples', import.meta.url));
      mkdirSync(folder, { recursive: true });
      const out = `${folder}/${file}`;
      await page.screenshot({ path: out, fullPage: false, scale: 'css' });
      const bytes = statSync(out).size;
      console.log(`wrote ${out} (${dashboard}, ${Math.round(bytes / 1024)} KB)`);
      expect(bytes).toBeLessThanOrEqual(maxBytes);
    },
  };
}
