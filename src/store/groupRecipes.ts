import type { Group } from '../api/group.js';

/**
 * A pending mutation's effect on one group: the confirmed group (or
 * `undefined` when absent) in, the group to show out. Recipes are re-applied
 * in order whenever the confirmed group changes, so each one must read as an
 * intent ("this location is there"), never as a diff against a snapshot.
 *
 * A recipe only ever yields a group a server could hold: the primary among the
 * locations, each location once. When its intent no longer applies to the
 * group it is re-applied over (the location became the primary, the group is
 * gone), it shows nothing and leaves the verdict to the server's answer.
 *
 * A recipe that changes nothing returns the group it was given; one that
 * changes it returns a frozen copy (frozen as a confirmed group is: itself
 * and its locations), sharing every field it does not change.
 */
export type GroupRecipe = (group: Group | undefined) => Group | undefined;

/** `group` with `fields` changed, frozen; the other fields (unknown ones too) are shared. */
function changed(group: Group, fields: Partial<Group>): Group {
  return Object.freeze({ ...group, ...fields });
}

/** Shows the new group unless the server already knows one by that name. */
export function createRecipe(name: string, location: string): GroupRecipe {
  let optimistic: Group | undefined;
  return (group) => group ?? (optimistic ??= Object.freeze({ name, locations: Object.freeze([location]), primary: location }));
}

export const deleteRecipe: GroupRecipe = () => undefined;

export function addLocationRecipe(location: string): GroupRecipe {
  return (group) =>
    group === undefined || group.locations.includes(location)
      ? group
      : changed(group, { locations: Object.freeze([...group.locations, location]) });
}

export function removeLocationRecipe(location: string): GroupRecipe {
  return (group) =>
    group === undefined || group.primary === location || !group.locations.includes(location)
      ? group
      : changed(group, { locations: Object.freeze(group.locations.filter((l) => l !== location)) });
}

/** Shows delete protection as asked, on the group shown (an absent group stays absent). */
export function deleteProtectionRecipe(enabled: boolean): GroupRecipe {
  return (group) =>
    group === undefined || group.delete_protection === enabled
      ? group
      : changed(group, { delete_protection: enabled });
}

/** Shows an archived group awake; one that is not archived is shown as it is. */
export const unarchiveRecipe: GroupRecipe = (group) =>
  group === undefined || group.archived !== true
    ? group
    : changed(group, { archived: false });
