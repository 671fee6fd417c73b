// HS256 JSON Web Tokens over Web Crypto, so the emulator signs real tokens in
// Node and in the browser alike.

export interface TokenClaims {
  /** Issued at, seconds since the epoch. */
  readonly iat: number;
  /** Expiry, seconds since the epoch; absent for `never`. */
  readonly exp?: number;
  /** Authorization level: `rw` (full access) or `ro` (read only). */
  readonly a: 'rw' | 'ro';
  /** The uuid of the group the token opens. */
  readonly gid: string;
  /** The group's token generation; invalidating tokens starts a new one. */
  readonly gen: number;
  /** Extra permissions, as requested at mint time. */
  readonly p?: { readonly read_attach: { readonly databases: readonly string[] } };
}

const encoder = new TextEncoder();

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64url(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    return Uint8Array.from(binary, (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}

export function importSigningKey(secret: Uint8Array): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', secret as BufferSource, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
}

const HEADER = base64url(encoder.encode(JSON.stringify({ alg: 'HS256', typ: 'JWT' })));

export async function signJwt(key: CryptoKey, claims: TokenClaims): Promise<string> {
  const body = `${HEADER}.${base64url(encoder.encode(JSON.stringify(claims)))}`;
  const signature = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(body)));
  return `${body}.${base64url(signature)}`;
}

/** The claims of a well-signed token, or why there are none. */
export async function readJwt(key: CryptoKey, jwt: string): Promise<TokenClaims | 'malformed' | 'bad_signature'> {
  const parts = typeof jwt === 'string' ? jwt.split('.') : [];
  const [header, payload, signature] = parts;
  if (parts.length !== 3 || header !== HEADER || payload === undefined || signature === undefined) return 'malformed';
  const signatureBytes = fromBase64url(signature);
  const payloadBytes = fromBase64url(payload);
  if (!signatureBytes || !payloadBytes) return 'malformed';
  const ok = await crypto.subtle.verify('HMAC', key, signatureBytes as BufferSource, encoder.encode(`${header}.${payload}`));
  if (!ok) return 'bad_signature';
  try {
    return JSON.parse(new TextDecoder().decode(payloadBytes)) as TokenClaims;
  } catch {
    return 'malformed';
  }
}
