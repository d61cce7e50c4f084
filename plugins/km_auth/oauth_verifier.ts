/**
 * Checks an access token the KM's own authorization server issued: known
 * (by digest), not expired, not revoked, and bound to the resource it is
 * presented to (RFC 8707: a token for another resource is refused, so a
 * token cannot be replayed at a different server or path).
 * @module
 */

import type { TokenVerifier } from "../mcp/http_auth.ts";
import type { OAuthStore } from "./oauth_store.ts";

/** The prefix of the KM's access tokens (others are not looked up). */
export const ACCESS_TOKEN_PREFIX = "sat_";

/**
 * A verifier over `store`.
 *
 * @example
 * ```ts
 * const identity = await createOAuthVerifier(store).verify(token, "http://127.0.0.1:5001/mcp");
 * ```
 */
export function createOAuthVerifier(store: OAuthStore): TokenVerifier {
  return {
    verify(token, resource) {
      if (!token.startsWith(ACCESS_TOKEN_PREFIX) || resource === undefined) {
        return Promise.resolve(undefined);
      }
      const grant = store.verifyAccess(token);
      if (!grant || grant.resource !== resource) return Promise.resolve(undefined);
      return Promise.resolve({ clientId: grant.principal, scopes: grant.scopes });
    },
  };
}
