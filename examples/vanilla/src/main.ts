// The plain TypeScript dashboard: no framework, only the store's observables
// and the DOM. Each view subscribes to what it shows and updates its own nodes.
import '../../shared/dashboard.css';
import { BehaviorSubject, Subscription } from 'rxjs';
import type { Locations } from 'turso-groups-store';
import { createDashboardApi, createDashboardStore } from '../../shared/createDashboardStore.js';
import { loadDashboardConfig } from '../../shared/dashboardConfig.js';
import { confirmDelete } from './confirmDialog.js';
import { createForm } from './createForm.js';
import { h } from './dom.js';
import { eventLogView } from './eventLogView.js';
import { groupList } from './groupList.js';
import { listStatusView } from './listStatusView.js';
import { serverPanel } from './serverPanel.js';
import { toastView } from './toastView.js';
import { tokenReveal } from './tokenReveal.js';

async function start(root: HTMLElement): Promise<void> {
  const config = await loadDashboardConfig();
  const store = createDashboardStore(config);
  const api = createDashboardApi(config);
  const locations$ = new BehaviorSubject<Locations | undefined>(undefined);
  const subscriptions = new Subscription();

  const confirm = confirmDelete();
  const token = tokenReveal();
  const status = listStatusView(store);
  const form = createForm(store, locations$);
  const list = groupList({ store, locations$, confirm, token });
  const toast = toastView(store);
  const log = eventLogView(store);
  const panel = config.mode === 'emulator' ? serverPanel(store) : undefined;
  for (const view of [status, form, list, toast, log, panel]) if (view) subscriptions.add(view.subscription);

  const where = config.mode === 'emulator' ? 'the embedded emulator' : 'your organization, through the server';
  root.replaceChildren(
    h('header', { class: 'top' }, h('h1', {}, `Turso groups · ${config.org}`), h('span', { class: 'hint' }, `Plain TypeScript dashboard on ${where}`)),
    h('main', { class: 'dashboard' }, h('div', { class: 'side' }, status.element, form.element, token.element, list.element), h('aside', { class: 'side' }, panel?.element, log.element)),
    toast.element,
    confirm.element,
  );

  api.listLocations().then(
    (known) => locations$.next(known),
    // Without the list the forms cannot offer locations; the message says why.
    (error: unknown) => root.querySelector('[data-toast]')?.replaceChildren(`Could not list locations: ${error instanceof Error ? error.message : String(error)}`),
  );
  // The first load's failure is the list status's to show.
  store.load().catch(() => {});
  // Only when leaving for good: a page kept in the back/forward cache (`persisted`) may be shown again as it was.
  window.addEventListener('pagehide', (event) => {
    if (event.persisted) return;
    subscriptions.unsubscribe();
    store.dispose();
  });
}

const root = document.getElementById('app');
if (root) {
  start(root).catch((error: unknown) => {
    root.replaceChildren(h('p', { role: 'alert' }, `The dashboard could not start: ${error instanceof Error ? error.message : String(error)}`));
  });
}
