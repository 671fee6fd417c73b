/** How many characters of a caller's value an error message shows. */
export const SHOWN_CHARACTERS = 64;

/**
 * A value as an error message shows it. Never throws, whatever it is given
 * (BigInt, a cycle, a Proxy, a Symbol), and never long: a string is cut to
 * {@link SHOWN_CHARACTERS} characters and quoted, anything else is named by
 * its kind only, so a message never copies a caller's object.
 */
export function quote(value: unknown): string {
  if (typeof value !== 'string') return value === null ? 'null' : typeof value;
  return JSON.stringify(shorten(value, SHOWN_CHARACTERS));
}

/** `text` cut to `max` characters with `…` added, without splitting a surrogate pair. */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const last = text.charCodeAt(max - 1);
  const end = last >= 0xd800 && last <= 0xdbff ? max - 1 : max;
  return `${text.slice(0, end)}…`;
}
