import { InjectionToken } from '@angular/core';

/** What the page knows of its server, from `/dashboard-config.json`, as the components read it. */
export interface DashboardContext {
  /** `emulator`: the server panel can steer the emulator; `proxy`: a real organization behind the server. */
  readonly mode: 'emulator' | 'proxy';
  /** The page's organization. */
  readonly org: string;
  /** The other organizations the server's token reaches: where Transfer may move a group. */
  readonly otherOrgs: readonly string[];
  /** The API the page talks to, in words (`describeApi`). */
  readonly api: string;
}

export const DASHBOARD = new InjectionToken<DashboardContext>('dashboard context');
