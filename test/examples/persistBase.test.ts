// The dashboards persist by default: their storage key names which API the
// groups come from, so the emulator's groups never show as a real
// organization's (the page reaches both through the same path).
import { describe, expect, it } from 'vitest';
import { persistBase } from '../../examples/shared/createDashboardStore.js';
import type { DashboardConfig } from '../../examples/shared/dashboardConfig.js';

const page = 'http://127.0.0.1:5180/api/turso';

describe("a dashboard's persist base", () => {
  it('tells the emulator, Turso and another upstream apart, though the page reaches all three at the same path', () => {
    const configs: DashboardConfig[] = [
      { mode: 'emulator', org: 'demo', apiBase: page },
      { mode: 'proxy', org: 'demo', apiBase: page, upstream: 'https://api.turso.tech' },
      { mode: 'proxy', org: 'demo', apiBase: page, upstream: 'http://127.0.0.1:9000' },
      { mode: 'proxy', org: 'demo', apiBase: page },
    ];
    expect(configs.map(persistBase)).toEqual(['emulator', 'https://api.turso.tech', 'http://127.0.0.1:9000', page]);
  });
});
