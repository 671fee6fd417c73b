import { useId, useRef, useState, type FormEvent, type ReactElement } from 'react';
import { useGroups, useGroupsStore } from 'turso-groups-store/react';
import { locationsUnavailableText, noLocationChoice } from '../../../shared/dashboardText.js';
import { groupNameProblem } from '../../../shared/groupNameProblem.js';
import { locationLabel, useLocationsState } from '../locations.js';
import { useToast } from '../toast.js';

export function CreateGroupForm(): ReactElement {
  const store = useGroupsStore();
  const toast = useToast();
  const locationsState = useLocationsState();
  const { locations } = locationsState;
  const groups = useGroups(store);
  const id = useId();
  const nameField = useRef<HTMLInputElement>(null);
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState('');

  // A name shown already is refused by the store before any request: said here, as you type.
  const problem = groupNameProblem(
    name,
    groups.map((group) => group.name),
  );
  const choices = Object.keys(locations ?? {});
  // The first location until one is chosen, so the form can be sent at once.
  const location = choices.includes(chosen) ? chosen : (choices[0] ?? '');
  const waiting = locationsUnavailableText(locationsState);
  const canCreate = problem === undefined && location !== '';

  function create(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    if (!canCreate) return;
    const sent = { name, location };
    // Shown at once, marked optimistic; the form empties, focus in the name, ready for the next.
    // A failure rolls it back and goes to the toast; the form gets its values back unless a new name was begun.
    store.create(sent).catch((error: unknown) => {
      toast.failure(error);
      if (nameField.current?.value === '') {
        setName(sent.name);
        setChosen(sent.location);
      }
    });
    setName('');
    nameField.current?.focus();
  }

  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Create a group</h2>
      <form className="row" noValidate onSubmit={create}>
        <div className="field">
          <label htmlFor={`${id}-name`}>Group name</label>
          <input
            ref={nameField}
            id={`${id}-name`}
            type="text"
            value={name}
            onChange={(event) => setName(event.target.value)}
            autoComplete="off"
            spellCheck={false}
            aria-describedby={`${id}-hint`}
            aria-invalid={name !== '' && problem !== undefined}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-location`}>Location</label>
          <select id={`${id}-location`} value={location} onChange={(event) => setChosen(event.target.value)} disabled={choices.length === 0}>
            {choices.length === 0 && <option value="">{noLocationChoice(locationsState)}</option>}
            {choices.map((key) => (
              <option key={key} value={key}>
                {locationLabel(locations, key)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="primary" disabled={!canCreate} aria-describedby={waiting === undefined ? undefined : `${id}-waiting`}>
          Create group
        </button>
      </form>
      <p id={`${id}-hint`} className={name !== '' && problem !== undefined ? 'hint problem' : 'hint'} data-name-hint aria-live="polite">
        {problem ?? 'A valid name.'}
      </p>
      {waiting !== undefined && (
        <p id={`${id}-waiting`} className={locationsState.status === 'error' ? 'hint problem' : 'hint'} data-create-blocked>
          {waiting}
        </p>
      )}
    </section>
  );
}
