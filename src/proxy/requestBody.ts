import { readBytesWithin } from '../input/boundedBody.js';
import { isPlainObject } from '../input/plainObject.js';

/** `application/json`, with or without parameters such as `charset`. */
export function isJsonMediaType(contentType: string): boolean {
  return contentType.split(';', 1)[0]?.trim().toLowerCase() === 'application/json';
}

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
 * An empty body is `none`; anything else must be declared JSON, be UTF-8 and
 * parse to a JSON object (both bodies the API takes are objects).
 * Re-serializing it means a duplicate key or odd spacing that two JSON
 * parsers might read differently never reaches the upstream.
 */
export async function readRequestBody(request: Request, maxBytes: number): Promise<RequestBody> {
  const bytes = await readBytesWithin(request.body, maxBytes);
  if (bytes === 'too_large') return { kind: 'refused', status: 413, error: 'request body too large' };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { kind: 'refused', status: 400, error: 'request body is not UTF-8' };
  }
  if (text.trim() === '') return { kind: 'none' };
  if (!isJsonMediaType(request.headers.get('content-type') ?? '')) {
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
