/**
 * The `km-auth` plugin's one door to `jose` (JWT and JWKS, the well-kept
 * standard for both under Deno and Node), at a pinned version. Loaded only
 * when `auth.issuer` names an SSO provider.
 * @module
 */

export { createRemoteJWKSet, errors as joseErrors, jwtVerify } from "npm:jose@6.2.19";
export type { JWTPayload, JWTVerifyGetKey } from "npm:jose@6.2.19";
