/** The most characters of client input an error message quotes. */
export const MAX_EXCERPT_LENGTH = 64;

/**
 * Client input as an error message may quote it: at most 64 characters, then
 * `…`. A server that echoed a 10 MB name whole would hand the client its own
 * garbage back, and fill logs with it.
 */
export function excerpt(value: unknown): string {
  // Arrays and objects are described, not stringified: their text is unbounded too.
  const text = typeof value === 'string' ? value : Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value === 'object' ? 'an object' : String(value);
  if (text.length <= MAX_EXCERPT_LENGTH) return text;
  let end = MAX_EXCERPT_LENGTH;
  // Never cut a surrogate pair in half.
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}
