import { useId, useState, type FormEvent, type ReactElement } from 'react';
import { useGroupsStore } from 'turso-groups-store/react';
import { groupNameProblem } from '../../../shared/groupNameProblem.js';
import { locationLabel, useLocations } from '../locations.js';
import { useToast } from '../toast.js';

export function CreateGroupForm(): ReactElement {
  const store = useGroupsStore();
  const toast = useToast();
  const locations = useLocations();
  const id = useId();
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState('');

  const problem = groupNameProblem(name);
  const choices = Object.keys(locations ?? {});
  // The first location until one is chosen, so the form can be sent at once.
  const location = choices.includes(chosen) ? chosen : (choices[0] ?? '');
  const canCreate = problem === undefined && location !== '';

  function create(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    if (!canCreate) return;
    // Shown at once, marked optimistic; a failure rolls it back and goes to the toast.
    store.create({ name, location }).catch(toast.failure);
    setName('');
  }

  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Create a group</h2>
      <form className="row" noValidate onSubmit={create}>
        <div className="field">
          <label htmlFor={`${id}-name`}>Group name</label>
          <input
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
            {choices.length === 0 && <option value="">Loading locations…</option>}
            {choices.map((key) => (
              <option key={key} value={key}>
                {locationLabel(locations, key)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="primary" disabled={!canCreate}>
          Create group
        </button>
      </form>
      <p id={`${id}-hint`} className={name !== '' && problem !== undefined ? 'hint problem' : 'hint'} data-name-hint aria-live="polite">
        {problem ?? 'A valid name.'}
      </p>
    </section>
  );
}
