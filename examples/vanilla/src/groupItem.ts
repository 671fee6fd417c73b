import { combineLatest } from 'rxjs';
import type { Group, GroupsStore, Locations } from 'turso-groups-store';
import {
  ARCHIVED,
  confirmDelete,
  confirmInvalidate,
  controlNames,
  DELETE_PROTECTION,
  deleteBlockedText,
  noLocationChoice,
  tokensInvalidated,
  transferred,
  unarchived,
} from '../../shared/dashboardText.js';
import { groupFailureText } from '../../shared/failureText.js';
import { focusPastRemoval } from '../../shared/focusPastRemoval.js';
import { focusPastUnarchive } from '../../shared/focusPastUnarchive.js';
import { groupStateOf, groupStateText, PAUSED_TEXT } from '../../shared/groupState.js';
import { locationLabel, type LocationsFeed, type LocationsState } from '../../shared/locationsFeed.js';
import type { Toasts } from '../../shared/toasts.js';
import type { ConfirmDialog } from './confirmDialog.js';
import { h, setAttribute, setOptions, uniqueId } from './dom.js';
import { locationsState$ } from './locationsState.js';
import { tokenPanel } from './tokenPanel.js';
import type { TransferDialog } from './transferDialog.js';

export interface GroupItemDeps {
  readonly store: GroupsStore;
  readonly locations: LocationsFeed;
  readonly confirm: ConfirmDialog;
  /** Where Transfer asks; `undefined` when there is no other organization to offer. */
  readonly transfer: TransferDialog | undefined;
  readonly toasts: Toasts;
}

export interface GroupItem {
  readonly element: HTMLLIElement;
  dispose(): void;
}

/** One group: its state, its locations, its error, its commands and a minted token, kept up to date from `group$` and `meta$`. */
export function groupItem(name: string, deps: GroupItemDeps): GroupItem {
  const { store, confirm, toasts } = deps;
  // Each command is shown at once; a failure rolls it back, shows in this
  // group's error, and goes to the toast, once, whether events$ or the
  // command's promise tells it first (one refused before sending only rejects).
  const tell = toasts.failure;

  const stateLabel = h('span', { 'data-state-label': true, hidden: true });
  const pausedLabel = h('span', { 'data-state-label': true, hidden: true }, PAUSED_TEXT);
  const chips = h('ul', { class: 'locations', 'aria-label': controlNames.locations(name) });
  const chipOf = new Map<string, HTMLLIElement>();
  const error = h('p', { class: 'group-error', 'data-error': true });

  const select = h('select', { 'aria-label': controlNames.locationToAdd(name) });
  const add = h('button', { type: 'submit', class: 'secondary small', 'aria-label': controlNames.addLocation(name) }, 'Add location');
  const addForm = h('form', { class: 'add-location', 'data-add-location': true }, select, add);
  addForm.addEventListener('submit', (event) => {
    event.preventDefault();
    if (select.value !== '') store.addLocation(name, select.value).catch(tell);
  });

  const token = tokenPanel(name, toasts);
  const mint = h('button', { type: 'button', class: 'secondary small', 'aria-label': controlNames.mintToken(name) }, 'Mint token');
  let minting = false;
  mint.addEventListener('click', () => {
    // aria-disabled rather than disabled while minting: a disabled button would drop the focus.
    if (minting) return;
    minting = true;
    mint.setAttribute('aria-disabled', 'true');
    mint.textContent = 'Minting…';
    store
      .mintToken(name)
      .then((minted) => token.show(minted.jwt, mint), tell)
      .finally(() => {
        minting = false;
        mint.removeAttribute('aria-disabled');
        mint.textContent = 'Mint token';
      });
  });
  const invalidate = h('button', { type: 'button', class: 'secondary small', 'aria-label': controlNames.invalidateTokens(name) }, 'Invalidate tokens');
  invalidate.addEventListener('click', () => {
    void confirm.ask(confirmInvalidate(name)).then((confirmed) => {
      if (confirmed) store.invalidateTokens(name).then(() => toasts.success(tokensInvalidated(name)), tell);
    });
  });
  // aria-disabled rather than disabled while protected: focusable, so the reason it waits is read with it.
  const remove = h('button', { type: 'button', class: 'danger small', 'aria-label': controlNames.delete(name) }, 'Delete');
  remove.addEventListener('click', () => {
    if (remove.getAttribute('aria-disabled') === 'true') return;
    void confirm.ask(confirmDelete(name)).then((confirmed) => {
      // Gone at once; a failure brings the group back with its error, and the toast tells.
      if (confirmed) store.delete(name).catch(tell);
    });
  });

  let isProtected = false;
  const protection = h(
    'button',
    { type: 'button', role: 'switch', 'aria-checked': 'false', class: 'small', 'aria-label': controlNames.deleteProtection(name) },
    h('span', { class: 'switch-track', 'aria-hidden': 'true' }),
    DELETE_PROTECTION,
  );
  protection.addEventListener('click', () => {
    // Shown at once; a refusal turns it back, with the error here and in the toast.
    store.setDeleteProtection(name, !isProtected).catch(tell);
  });
  const blocked = h('p', { id: uniqueId('delete-blocked'), class: 'hint', 'data-delete-blocked': true }, deleteBlockedText(name));

  const badge = h('span', { class: 'badge', 'data-archived': true }, ARCHIVED);
  const unarchive = h('button', { type: 'button', class: 'secondary small', 'aria-label': controlNames.unarchive(name) }, 'Unarchive');
  unarchive.addEventListener('click', () => {
    // The button goes with the badge at once: the focus moves on first.
    focusPastUnarchive(unarchive);
    store.unarchive(name).then(() => toasts.success(unarchived(name)), tell);
  });

  // Offered only when there is another organization to move the group to.
  let transfer: HTMLButtonElement | undefined;
  if (deps.transfer !== undefined) {
    const dialog = deps.transfer;
    transfer = h('button', { type: 'button', class: 'secondary small', 'aria-label': controlNames.transfer(name) }, 'Transfer');
    transfer.addEventListener('click', () => {
      void dialog.ask(name).then((organization) => {
        if (organization === undefined) return;
        // Gone from this list at once (the list hands the focus on); a refusal brings it back with its error, and the toast tells.
        store.transfer(name, organization).then(() => toasts.success(transferred(name, organization)), tell);
      });
    });
  }

  const nameHeading = h('h3', { class: 'group-name', tabindex: -1 }, name);
  const element = h(
    'li',
    { class: 'group', 'data-group': name, 'data-state': 'idle' },
    h('div', { class: 'group-head' }, nameHeading, stateLabel, pausedLabel, h('div', { class: 'group-settings' }, transfer, protection)),
    chips,
    h('div', { class: 'group-actions' }, addForm, mint, invalidate, remove),
    token.element,
  );

  // The primary cannot be removed: it gets no button, and its role is said in words.
  function chip(location: string, primary: boolean, known: Locations | undefined): HTMLLIElement {
    const label = h('span', { title: known?.[location] }, location);
    if (primary) return h('li', { class: 'location', 'data-location': location, 'data-primary': true }, label, h('span', { class: 'primary-mark' }, 'primary'));
    const removeLocation = h('button', { type: 'button', 'aria-label': controlNames.removeLocation(location, name), title: `Remove ${location}` }, '×');
    removeLocation.addEventListener('click', () => {
      // The button goes with its location: the focus moves on first.
      focusPastRemoval(removeLocation);
      store.removeLocation(name, location).catch(tell);
    });
    return h('li', { class: 'location', 'data-location': location }, label, removeLocation);
  }

  function renderLocations(group: Group, state: LocationsState): void {
    const known = state.locations;
    // Keyed by location and role, so a chip (and the focus on its button) survives unrelated updates.
    const keys = new Set(group.locations.map((location) => `${location}|${location === group.primary}|${known !== undefined}`));
    for (const [key, chipElement] of chipOf) {
      if (!keys.has(key)) {
        chipElement.remove();
        chipOf.delete(key);
      }
    }
    for (const [index, location] of group.locations.entries()) {
      const primary = location === group.primary;
      const key = `${location}|${primary}|${known !== undefined}`;
      let chipElement = chipOf.get(key);
      if (chipElement === undefined) {
        chipElement = chip(location, primary, known);
        chipOf.set(key, chipElement);
      }
      // Moved only when out of place: moving an element takes the focus off it.
      if (chips.children[index] !== chipElement) chips.insertBefore(chipElement, chips.children[index] ?? null);
    }
    const addable = Object.keys(known ?? {}).filter((key) => !group.locations.includes(key));
    setOptions(select, addable.length === 0 ? [['', noLocationChoice(state)]] : addable.map((key) => [key, locationLabel(known, key)] as const));
    select.disabled = addable.length === 0;
    add.disabled = addable.length === 0;
  }

  function renderSettings(group: Group): void {
    isProtected = group.delete_protection === true;
    protection.setAttribute('aria-checked', String(isProtected));
    if (isProtected && !blocked.isConnected) remove.after(blocked);
    if (!isProtected) blocked.remove();
    setAttribute(remove, 'aria-disabled', isProtected ? 'true' : null);
    setAttribute(remove, 'aria-describedby', isProtected ? blocked.id : null);
    if (group.archived === true) {
      if (!badge.isConnected) nameHeading.after(badge, unarchive);
    } else {
      badge.remove();
      unarchive.remove();
    }
  }

  const subscription = combineLatest([store.group$(name), store.meta$(name), locationsState$(deps.locations)]).subscribe(([group, meta, state]) => {
    if (group !== undefined) {
      renderLocations(group, state);
      renderSettings(group);
    }
    element.dataset['state'] = groupStateOf(meta);
    const text = groupStateText(meta);
    stateLabel.textContent = text;
    stateLabel.hidden = text === '';
    pausedLabel.hidden = !meta.paused;
    if (meta.error) {
      error.textContent = groupFailureText(meta, group) ?? '';
      if (!error.isConnected) chips.after(error);
    } else {
      error.remove();
    }
  });

  return {
    element,
    dispose: () => {
      subscription.unsubscribe();
      token.dismiss();
    },
  };
}
