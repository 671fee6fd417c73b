// A token goes into a header: visible ASCII only, so it cannot start a new
// header line, and so Headers never throws a message that quotes it.
const HEADER_SAFE = /^[\x21-\x7e]+$/;

/** Whether a token can be sent as `Bearer <token>` as it is. */
export function isHeaderSafe(token: string): boolean {
  return HEADER_SAFE.test(token);
}
