import type { BodyMediaType } from './contentType.js';
import { readBytesWithin } from '../input/boundedBody.js';
import { isPlainObject } from '../input/plainObject.js';

/** Whether `Content-Length` declares more than `maxBytes`, before a byte is read. */
export function declaresMoreThan(headers: Headers, maxBytes: number): boolean {
  const declared = headers.get('content-length')?.trim();
  return declared !== undefined && /^\d+$/.test(declared) && Number(declared) > maxBytes;
}

/** What a request body turned out to be. */
export type RequestBody =
  | { readonly kind: 'none' }
  /** The JSON object, serialized again: what is forwarded is what was parsed. */
  | { readonly kind: 'json'; readonly text: string }
  | { readonly kind: 'refused'; readonly status: 400 | 413 | 415; readonly error: string };

/**
 * Reads the body, counting bytes as they come and stopping past `maxBytes`.
 * An empty body is `none`; anything else must come with a declared type
 * (`type`, the one the content-type rule took: JSON, or text/plain from a
 * request no other origin made), be UTF-8 and parse to a JSON object (both
 * bodies the API takes are objects). Re-serializing it means a duplicate key
 * or odd spacing that two JSON parsers might read differently never reaches
 * the upstream.
 */
export async function readRequestBody(request: Request, type: BodyMediaType, maxBytes: number): Promise<RequestBody> {
  const bytes = await readBytesWithin(request.body, maxBytes);
  if (bytes === 'too_large') return { kind: 'refused', status: 413, error: 'request body too large' };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { kind: 'refused', status: 400, error: 'request body is not UTF-8' };
  }
  if (text.trim() === '') return { kind: 'none' };
  if (type !== 'json' && type !== 'text') {
    return { kind: 'refused', status: 415, error: 'content-type must be application/json' };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'refused', status: 400, error: 'invalid JSON body' };
  }
  if (!isPlainObject(value)) return { kind: 'refused', status: 400, error: 'request body must be a JSON object' };
  return { kind: 'json', text: JSON.stringify(value) };
}
