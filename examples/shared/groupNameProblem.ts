import { isValidGroupName, MAX_GROUP_NAME_LENGTH } from 'turso-groups-store';

/**
 * Why `name` cannot be a new group's name, in words for the create form;
 * `undefined` when it can. The library's `isValidGroupName` decides the
 * rule; the checks after it only find the words, so the form never disagrees
 * with the store. A name among `existing` (the groups shown) is taken.
 */
export function groupNameProblem(name: string, existing: readonly string[] = []): string | undefined {
  if (isValidGroupName(name)) return existing.includes(name) ? `A group named “${name}” exists already.` : undefined;
  if (name === '') return 'Enter a name: lowercase letters, digits and dashes.';
  if (name.length > MAX_GROUP_NAME_LENGTH) return `At most ${MAX_GROUP_NAME_LENGTH} characters (this one has ${name.length}).`;
  if (/[A-Z]/.test(name)) return 'Use lowercase letters only.';
  const stray = /[^a-z0-9-]/.exec(name);
  if (stray) return `Only lowercase letters, digits and dashes: “${stray[0] === ' ' ? 'a space' : stray[0]}” is not allowed.`;
  if (name.startsWith('-') || name.endsWith('-')) return 'A name cannot start or end with a dash.';
  return 'Not a valid group name.';
}
