/**
 * The secrets of the authorization server: how codes and tokens are made,
 * the digest they are stored and looked up by, and the PKCE S256 challenge.
 * @module
 */

import { createHash, randomBytes } from "node:crypto";

/** Hex SHA-256 of a secret, the form codes and tokens are stored and looked up in. */
export function secretDigest(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

/** A new random secret (256 bits, base64url) after `prefix`. */
export function newSecret(prefix: string): string {
  return `${prefix}${randomBytes(32).toString("base64url")}`;
}

/** The PKCE S256 challenge of a verifier (RFC 7636 §4.2). */
export function s256(verifier: string): string {
  return createHash("sha256").update(verifier).digest("base64url");
}
