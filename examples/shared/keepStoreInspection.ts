// The dashboards are production builds that show the devtools panel whole.
// The store carries the panel's view of its inside (not-sent mutations with
// Cancel, the offline queue, stamps, polling, tabs) only in a development
// build: its guards read `process.env.NODE_ENV`, which a production build
// sets to "production" for every module. This Vite plugin makes the store's
// own modules, and only them, read "development", so React, Vue and Svelte
// still build for production. An app that wants the whole panel in a
// production build can do the same with the package's folder
// (node_modules/turso-groups-store/).
import type { Plugin } from 'vite';

/** A Vite plugin: the modules under `storeRoot` (a folder's absolute path) see `process.env.NODE_ENV` as "development". */
export function keepStoreInspection(storeRoot: string): Plugin {
  return {
    name: 'keep-store-inspection',
    enforce: 'pre',
    transform(code, id) {
      if (!id.startsWith(storeRoot) || !code.includes('process.env.NODE_ENV')) return null;
      return { code: code.replaceAll('process.env.NODE_ENV', '"development"'), map: null };
    },
  };
}
