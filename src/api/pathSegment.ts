import { invalidInput, type GroupsOperation } from '../errors.js';
import { quote } from '../input/quote.js';
import { isWellFormed } from '../input/wellFormed.js';

/** The longest path segment accepted; no organization slug, name or location comes near it. */
export const MAX_PATH_SEGMENT_LENGTH = 256;

/**
 * One URI-encoded path segment. `/`, `?`, `%`, `#` and non-ASCII are
 * percent-encoded, so a value is never read as path structure. Empty, `.` and
 * `..` are refused: URL parsers treat `..` (even as `%2E%2E`) as "go up". A
 * string with a lone surrogate has no UTF-8 form and is refused too, as is
 * anything not a string or longer than {@link MAX_PATH_SEGMENT_LENGTH}.
 */
export function pathSegment(operation: GroupsOperation, what: string, value: unknown): string {
  if (
    typeof value !== 'string' ||
    value === '' ||
    value === '.' ||
    value === '..' ||
    value.length > MAX_PATH_SEGMENT_LENGTH ||
    !isWellFormed(value)
  ) {
    throw invalidInput(
      operation,
      undefined,
      `invalid ${what} ${quote(value)}: a path segment must be a well-formed string of 1-${MAX_PATH_SEGMENT_LENGTH} characters, not "." or ".."`,
    );
  }
  return encodeURIComponent(value);
}
