// The plain TypeScript dashboard: no framework, only the store's observables
// and the DOM. Each view subscribes to what it shows and updates its own nodes.
import '../../shared/dashboard.css';
import '../../shared/groupCards.css';
import { Subscription } from 'rxjs';
import { createDashboardApi, createDashboardStore } from '../../shared/createDashboardStore.js';
import { describeApi, loadDashboardConfig } from '../../shared/dashboardConfig.js';
import { GROUPS_HEADING_ID, SKIP_TO_GROUPS, subtitle } from '../../shared/dashboardText.js';
import { LocationsFeed } from '../../shared/locationsFeed.js';
import { DevtoolsToggle } from '../../shared/devtoolsToggle.js';
import { LiveStatus } from '../../shared/liveStatus.js';
import { Toasts } from '../../shared/toasts.js';
import { confirmDialog } from './confirmDialog.js';
import { createForm } from './createForm.js';
import { devtoolsButton } from './devtoolsButton.js';
import { h } from './dom.js';
import { liveStatusLine } from './liveStatusLine.js';
import { eventLogView } from './eventLogView.js';
import { groupList } from './groupList.js';
import { serverPanel } from './serverPanel.js';
import { toastView } from './toastView.js';
import { transferDialog } from './transferDialog.js';

async function start(root: HTMLElement): Promise<void> {
  const config = await loadDashboardConfig();
  const store = createDashboardStore(config);
  const api = createDashboardApi(config);
  const locations = new LocationsFeed((signal) => api.listLocations({ signal }), store);
  const toasts = new Toasts();
  const subscriptions = new Subscription();
  subscriptions.add(toasts.watch(store));

  const confirm = confirmDialog();
  const otherOrgs = config.otherOrgs ?? [];
  const transfer = otherOrgs.length > 0 ? transferDialog(config.org, otherOrgs) : undefined;
  const form = createForm(store, locations, toasts);
  const list = groupList({ store, locations, confirm, transfer, toasts });
  const toast = toastView(toasts);
  const log = eventLogView(store);
  const panel = config.mode === 'emulator' ? serverPanel(store) : undefined;
  const devtools = new DevtoolsToggle(store);
  const devtoolsSwitch = devtoolsButton(devtools);
  const live = liveStatusLine(new LiveStatus(store));
  for (const view of [form, list, toast, log, panel, devtoolsSwitch, live]) if (view) subscriptions.add(view.subscription);

  root.replaceChildren(
    h('a', { class: 'skip-link', href: `#${GROUPS_HEADING_ID}` }, SKIP_TO_GROUPS),
    h('header', { class: 'top' }, h('h1', {}, 'Turso groups · plain TypeScript'), h('p', { class: 'hint' }, subtitle(config.org, describeApi(config))), live.element, devtoolsSwitch.element),
    h('main', { class: 'dashboard' }, h('div', { class: 'main' }, form.element, list.element, toast.element), h('div', { class: 'side' }, panel?.element, log.element)),
    confirm.element,
    ...(transfer ? [transfer.element] : []),
  );

  // A failed first load is the list's to show, with its "Try again".
  store.load().catch(() => {});
  // Only when leaving for good: a page kept in the back/forward cache (`persisted`) may be shown again as it was.
  window.addEventListener('pagehide', (event) => {
    if (event.persisted) return;
    subscriptions.unsubscribe();
    devtools.dispose();
    toasts.dispose();
    store.dispose();
  });
}

const root = document.getElementById('app');
if (root) {
  start(root).catch((error: unknown) => {
    root.replaceChildren(h('p', { role: 'alert' }, `The dashboard could not start: ${error instanceof Error ? error.message : String(error)}`));
  });
}
