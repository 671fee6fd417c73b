import { GroupsError, type GroupsOperation } from './groupsError.js';

/**
 * One URI-encoded path segment. `/`, `?`, `%`, `#` and non-ASCII are
 * percent-encoded, so a value is never read as path structure. Empty, `.` and
 * `..` are refused: URL parsers treat `..` (even as `%2E%2E`) as "go up".
 */
export function pathSegment(operation: GroupsOperation, what: string, value: string): string {
  if (typeof value !== 'string' || value === '' || value === '.' || value === '..') {
    throw new GroupsError({
      code: 'validation',
      operation,
      detail: `invalid ${what} ${JSON.stringify(value)}: a path segment must not be empty, "." or ".."`,
    });
  }
  return encodeURIComponent(value);
}
