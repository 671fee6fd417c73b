import { combineLatest, type Subscription } from 'rxjs';
import type { GroupsStore } from 'turso-groups-store';
import { locationsUnavailableText, noLocationChoice } from '../../shared/dashboardText.js';
import { groupNameProblem } from '../../shared/groupNameProblem.js';
import { locationLabel, type LocationsFeed } from '../../shared/locationsFeed.js';
import type { Toasts } from '../../shared/toasts.js';
import { h, setAttribute, setOptions, uniqueId } from './dom.js';
import { locationsState$ } from './locationsState.js';

/** The create form: the name checked as it is typed (taken names too), the primary location from the API's list. */
export function createForm(store: GroupsStore, locations: LocationsFeed, toasts: Toasts): { element: HTMLElement; subscription: Subscription } {
  const nameId = uniqueId('group-name');
  const locationId = uniqueId('group-location');
  const problemId = uniqueId('group-name-problem');
  const waitingId = uniqueId('create-waiting');
  const name = h('input', { id: nameId, type: 'text', name: 'name', autocomplete: 'off', spellcheck: false, 'aria-describedby': problemId });
  const location = h('select', { id: locationId, name: 'location' });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Create group');
  const problem = h('p', { id: problemId, class: 'hint', 'aria-live': 'polite' });
  const waiting = h('p', { id: waitingId, class: 'hint', 'data-create-blocked': true, hidden: true });
  const form = h(
    'form',
    { class: 'row', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: nameId }, 'Group name'), name),
    h('div', { class: 'field' }, h('label', { for: locationId }, 'Location'), location),
    submit,
  );
  const element = h('section', { class: 'card', 'aria-labelledby': 'create-heading' }, h('h2', { id: 'create-heading' }, 'Create a group'), form, problem, waiting);

  let existing: readonly string[] = [];
  let locationsReady = false;

  function check(): void {
    const message = groupNameProblem(name.value, existing);
    problem.textContent = message ?? 'A valid name.';
    // An empty field is not wrong yet: only a name typed is marked invalid.
    const invalid = message !== undefined && name.value !== '';
    setAttribute(name, 'aria-invalid', invalid ? 'true' : null);
    problem.classList.toggle('problem', invalid);
    submit.disabled = message !== undefined || !locationsReady;
  }

  name.addEventListener('input', check);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    check();
    if (submit.disabled) return;
    const sent = { name: name.value, location: location.value };
    // Shown at once (optimistic); the form empties, focus in the name, ready for the next.
    // A failure rolls it back and goes to the toast; the form gets its values back unless a new name was begun.
    store.create(sent).catch((error: unknown) => {
      toasts.failure(error);
      if (name.value !== '') return;
      name.value = sent.name;
      if ([...location.options].some((option) => option.value === sent.location)) location.value = sent.location;
      check();
    });
    name.value = '';
    check();
    name.focus();
  });

  const subscription = combineLatest([store.groups$, locationsState$(locations)]).subscribe(([groups, state]) => {
    existing = groups.map((group) => group.name);
    const known = state.locations;
    locationsReady = known !== undefined && Object.keys(known).length > 0;
    setOptions(location, known === undefined ? [['', noLocationChoice(state)]] : Object.keys(known).map((key) => [key, locationLabel(known, key)] as const));
    location.disabled = !locationsReady;
    const why = locationsUnavailableText(state);
    waiting.hidden = why === undefined;
    waiting.textContent = why ?? '';
    waiting.classList.toggle('problem', state.status === 'error');
    setAttribute(submit, 'aria-describedby', why === undefined ? null : waitingId);
    check();
  });
  return { element, subscription };
}
