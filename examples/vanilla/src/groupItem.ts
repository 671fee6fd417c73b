import { combineLatest, type Observable } from 'rxjs';
import type { Group, GroupMeta, GroupsStore, Locations } from 'turso-groups-store';
import type { ConfirmDelete } from './confirmDialog.js';
import { h, setOptions, uniqueId } from './dom.js';
import type { TokenReveal } from './tokenReveal.js';

export interface GroupItemDeps {
  readonly store: GroupsStore;
  readonly locations$: Observable<Locations | undefined>;
  readonly confirm: ConfirmDelete;
  readonly token: TokenReveal;
}

export interface GroupItem {
  readonly element: HTMLLIElement;
  dispose(): void;
}

type ItemState = 'optimistic' | 'pending' | 'idle';

function stateOf(meta: GroupMeta): ItemState {
  if (meta.optimistic) return 'optimistic';
  return meta.pending.length > 0 ? 'pending' : 'idle';
}

const STATE_LABELS: Record<ItemState, string> = { optimistic: 'creating…', pending: 'saving…', idle: '' };

// A failed command's promise rejects, and the same failure reaches the page
// through the store: the group's meta (shown beside it) and events$ (the
// toast and the log). So the views leave the rejection to those.
function settled(promise: Promise<unknown>): void {
  promise.catch(() => {});
}

/** One group: its locations, its error, and its commands, kept up to date from `group$` and `meta$`. */
export function groupItem(name: string, deps: GroupItemDeps): GroupItem {
  const { store, confirm, token } = deps;
  const stateLabel = h('span', { 'data-state-label': true, 'aria-live': 'polite' });
  const chips = h('ul', { class: 'locations', 'aria-label': `Locations of ${name}` });
  const chipOf = new Map<string, HTMLLIElement>();
  const error = h('p', { 'data-error': true, role: 'alert' });

  const selectId = uniqueId('add-location');
  const select = h('select', { id: selectId });
  const add = h('button', { type: 'submit', class: 'secondary' }, 'Add location');
  const addForm = h(
    'form',
    { class: 'row' },
    h('label', { for: selectId, class: 'visually-hidden' }, `Add location to ${name}`),
    select,
    add,
  );
  addForm.addEventListener('submit', (event) => {
    event.preventDefault();
    if (select.value !== '') settled(store.addLocation(name, select.value));
  });

  const mint = h('button', { type: 'button', class: 'secondary', 'aria-label': `Mint token for ${name}` }, 'Mint token');
  mint.addEventListener('click', () => {
    store.mintToken(name).then(
      (minted) => token.show(name, minted.jwt),
      () => {}, // shown beside the group and in the toast, as every failure
    );
  });
  const invalidate = h('button', { type: 'button', class: 'secondary', 'aria-label': `Invalidate tokens of ${name}` }, 'Invalidate tokens');
  invalidate.addEventListener('click', () => settled(store.invalidateTokens(name)));
  const remove = h('button', { type: 'button', class: 'danger', 'aria-label': `Delete ${name}` }, 'Delete');
  remove.addEventListener('click', () => {
    void confirm.ask(name).then((confirmed) => {
      if (confirmed) settled(store.delete(name));
    });
  });

  const element = h(
    'li',
    { 'data-group': name, 'data-state': 'idle' },
    h('div', { class: 'row' }, h('h3', {}, name), stateLabel),
    chips,
    addForm,
    h('div', { class: 'row' }, mint, invalidate, remove),
  );

  // The primary cannot be removed: it gets no button, and its role is said in words.
  function chip(location: string, primary: boolean, known: Locations | undefined): HTMLLIElement {
    const title = `${known?.[location] ?? location}${primary ? ' (primary)' : ''}`;
    if (primary) return h('li', { 'data-location': location, 'data-primary': true, title }, `${location} · primary`);
    const removeLocation = h('button', { type: 'button', 'aria-label': `Remove ${location} from ${name}` }, '×');
    removeLocation.addEventListener('click', () => settled(store.removeLocation(name, location)));
    return h('li', { 'data-location': location, title }, location, removeLocation);
  }

  function renderLocations(group: Group, known: Locations | undefined): void {
    // Keyed by location and role, so a chip (and the focus on its button) survives unrelated updates.
    const keys = new Set(group.locations.map((location) => `${location}|${location === group.primary}|${known !== undefined}`));
    for (const [key, element] of chipOf) {
      if (!keys.has(key)) {
        element.remove();
        chipOf.delete(key);
      }
    }
    for (const [index, location] of group.locations.entries()) {
      const primary = location === group.primary;
      const key = `${location}|${primary}|${known !== undefined}`;
      let element = chipOf.get(key);
      if (element === undefined) {
        element = chip(location, primary, known);
        chipOf.set(key, element);
      }
      // Moved only when out of place: moving an element takes the focus off it.
      if (chips.children[index] !== element) chips.insertBefore(element, chips.children[index] ?? null);
    }
    const choices = Object.entries(known ?? {}).filter(([key]) => !group.locations.includes(key));
    setOptions(select, known === undefined ? [['', 'Loading locations…']] : choices.map(([key, label]) => [key, `${label} (${key})`] as const));
    select.disabled = choices.length === 0;
    add.disabled = choices.length === 0;
  }

  const subscription = combineLatest([store.group$(name), store.meta$(name), deps.locations$]).subscribe(([group, meta, known]) => {
    if (group !== undefined) renderLocations(group, known);
    const state = stateOf(meta);
    element.dataset['state'] = state;
    element.setAttribute('aria-busy', String(state !== 'idle'));
    stateLabel.textContent = STATE_LABELS[state];
    if (meta.error) {
      error.textContent = meta.error.message;
      if (!error.isConnected) chips.after(error);
    } else {
      error.remove();
    }
  });

  return { element, dispose: () => subscription.unsubscribe() };
}
