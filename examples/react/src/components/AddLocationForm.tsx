import { useState, type FormEvent, type ReactElement } from 'react';
import { useGroupsStore } from 'turso-groups-store/react';
import { controlNames, noLocationChoice } from '../../../shared/dashboardText.js';
import { locationLabel, useLocationsState } from '../locations.js';
import { useToast } from '../toast.js';

export interface AddLocationFormProps {
  readonly name: string;
  /** The group's locations as shown: they are not offered again. */
  readonly held: readonly string[];
}

export function AddLocationForm({ name, held }: AddLocationFormProps): ReactElement {
  const store = useGroupsStore();
  const locationsState = useLocationsState();
  const { locations } = locationsState;
  const toast = useToast();
  const [chosen, setChosen] = useState('');
  const addable = Object.keys(locations ?? {}).filter((key) => !held.includes(key));
  // The choice while it can still be added, else the first that can.
  const location = addable.includes(chosen) ? chosen : (addable[0] ?? '');

  function add(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    if (location === '') return;
    // Shown at once; a failure rolls it back, sets the group's error and goes to the toast.
    // Commands on a group still being created wait behind the create (the store keeps a group's commands in order).
    store.addLocation(name, location).catch(toast.failure);
  }

  return (
    <form className="add-location" data-add-location onSubmit={add}>
      <select aria-label={controlNames.locationToAdd(name)} value={location} onChange={(event) => setChosen(event.target.value)} disabled={addable.length === 0}>
        {addable.length === 0 && <option value="">{noLocationChoice(locationsState)}</option>}
        {addable.map((key) => (
          <option key={key} value={key}>
            {locationLabel(locations, key)}
          </option>
        ))}
      </select>
      <button type="submit" className="secondary small" aria-label={controlNames.addLocation(name)} disabled={location === ''}>
        Add location
      </button>
    </form>
  );
}
