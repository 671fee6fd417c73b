import { invalidRequest, type GroupsError } from '../errors.js';
import { quote } from './quote.js';
import { isWellFormed } from './wellFormed.js';

/** The longest URL accepted as a base: far beyond any real one, short of any abuse. */
export const MAX_URL_LENGTH = 2_048;

/**
 * `value` parsed, once it is an absolute http(s) URL with no query, fragment
 * or credentials (paths are joined to it as text, and secrets go to its
 * origin); otherwise a validation error naming the option.
 */
export function readHttpUrl(value: unknown, option: string): URL {
  // The message is written only for a value refused: a store's first render reads a good one.
  const invalid = (cause?: unknown): GroupsError =>
    invalidRequest(`invalid ${option} ${quote(value)}: expected an absolute http(s) URL without query, fragment or credentials`, cause);
  if (typeof value !== 'string' || value.length > MAX_URL_LENGTH || !isWellFormed(value)) throw invalid();
  let url: URL;
  try {
    url = new URL(value);
  } catch (cause) {
    throw invalid(cause);
  }
  const http = url.protocol === 'http:' || url.protocol === 'https:';
  // `url.search` and `url.hash` are empty for a bare `?` or `#` too: look at the text.
  if (!http || url.username !== '' || url.password !== '' || /[?#]/.test(value)) throw invalid();
  return url;
}
