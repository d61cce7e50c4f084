/**
 * Base64 of bytes, with the built-in `btoa`/`atob` (no std library here).
 * @module
 */

/**
 * Encodes bytes as standard base64.
 *
 * @example
 * ```ts
 * encodeBase64(new Uint8Array([1, 2, 3])); // "AQID"
 * ```
 */
export function encodeBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** Decodes standard base64; throws on malformed input. */
export function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
