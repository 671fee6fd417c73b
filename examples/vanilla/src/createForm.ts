import { combineLatest, type Observable, type Subscription } from 'rxjs';
import type { GroupsStore, Locations } from 'turso-groups-store';
import { h, setAttribute, setOptions, uniqueId } from './dom.js';
import { groupNameProblem } from '../../shared/groupNameProblem.js';

/** The create form: the name checked as it is typed, the primary location from the API's list. */
export function createForm(store: GroupsStore, locations$: Observable<Locations | undefined>): { element: HTMLElement; subscription: Subscription } {
  const nameId = uniqueId('group-name');
  const locationId = uniqueId('group-location');
  const problemId = uniqueId('group-name-problem');
  const name = h('input', { id: nameId, name: 'name', autocomplete: 'off', spellcheck: false, 'aria-describedby': problemId });
  const location = h('select', { id: locationId, name: 'location' });
  const submit = h('button', { type: 'submit' }, 'Create group');
  const problem = h('p', { id: problemId, class: 'hint', 'aria-live': 'polite' });
  const form = h(
    'form',
    {},
    h(
      'div',
      { class: 'row' },
      h('div', { class: 'field' }, h('label', { for: nameId }, 'Group name'), name),
      h('div', { class: 'field' }, h('label', { for: locationId }, 'Location'), location),
      submit,
    ),
    problem,
  );
  const element = h('section', { class: 'card', 'aria-labelledby': 'create-heading' }, h('h2', { id: 'create-heading' }, 'Create a group'), form);

  let existing: readonly string[] = [];
  let locationsReady = false;

  function check(): void {
    const message = groupNameProblem(name.value, existing);
    problem.textContent = message ?? `"${name.value}" is a valid name.`;
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
    // The failure, if any, shows beside the group and in the toast.
    store.create({ name: name.value, location: location.value }).catch(() => {});
    name.value = '';
    check();
    name.focus();
  });

  const subscription = combineLatest([store.groups$, locations$]).subscribe(([groups, known]) => {
    existing = groups.map((group) => group.name);
    locationsReady = known !== undefined && Object.keys(known).length > 0;
    setOptions(location, known === undefined ? [['', 'Loading locations…']] : Object.entries(known).map(([key, label]) => [key, `${label} (${key})`] as const));
    location.disabled = !locationsReady;
    check();
  });
  return { element, subscription };
}
