/**
 * SSO: the KM accepts JWT access tokens of an external OpenID Connect
 * provider (`auth.issuer`). The provider's discovery document names its JWKS;
 * keys are fetched and cached by `jose` (refetched when a token names an
 * unknown key, at most every 30 s). A token counts only with a valid
 * signature (asymmetric algorithms only), `iss` equal to the issuer, `aud`
 * naming this KM's MCP resource (or `auth.audience`) and an `exp` in the
 * future (a verified token is remembered until then, up to 1024 of them). Its role claim maps to scopes through the roles of the `auth`
 * section; a `scope` claim adds the KM scopes it names.
 * @module
 */

import type { AuthConfig } from "./scopes.ts";
import type { TokenIdentity, TokenVerifier } from "../mcp/http_auth.ts";
import { createRemoteJWKSet, type JWTPayload, jwtVerify, type JWTVerifyGetKey } from "./deps.ts";
import { parseScopeParameter, roleScopes } from "./scopes.ts";

/** Verified tokens remembered at most (the oldest goes first). */
const VERIFIED_MAX = 1024;

const ALGORITHMS = [
  "RS256",
  "RS384",
  "RS512",
  "PS256",
  "PS384",
  "PS512",
  "ES256",
  "ES384",
  "EdDSA",
];

/**
 * The scopes a verified token's claims grant.
 *
 * @example
 * ```ts
 * claimScopes({ roles: ["operator"] }, auth); // the operator's scopes
 * ```
 */
export function claimScopes(
  payload: JWTPayload,
  auth: Pick<AuthConfig, "rolesClaim" | "defaultRole" | "roles">,
): string[] {
  const claim = payload[auth.rolesClaim];
  const roles = typeof claim === "string"
    ? claim.split(" ")
    : Array.isArray(claim)
    ? claim.filter((role): role is string => typeof role === "string")
    : [];
  const scopes = new Set<string>();
  for (const role of roles) {
    for (const scope of roleScopes(role, auth.roles) ?? []) scopes.add(scope);
  }
  if (typeof payload.scope === "string") {
    for (const scope of parseScopeParameter(payload.scope).scopes) scopes.add(scope);
  }
  if (scopes.size === 0) {
    for (const scope of roleScopes(auth.defaultRole, auth.roles) ?? []) scopes.add(scope);
  }
  return [...scopes];
}

/** Options of {@linkcode createJwtVerifier} (tests pass a fetch-free key set). */
export interface JwtVerifierOptions {
  keys?: JWTVerifyGetKey;
  now?: () => number;
  /** The provider could not be reached or described itself wrongly (the token is refused). */
  onError?: (error: Error) => void;
}

/**
 * A verifier of the issuer's JWTs.
 *
 * @example
 * ```ts
 * const verifier = createJwtVerifier(authConfig(config));
 * await verifier.verify(jwt, "http://127.0.0.1:5001/mcp");
 * ```
 */
export function createJwtVerifier(
  auth: AuthConfig,
  options: JwtVerifierOptions = {},
): TokenVerifier {
  const issuer = auth.issuer;
  if (issuer === undefined) throw new Error("createJwtVerifier needs auth.issuer");
  let discovered: Promise<JWTVerifyGetKey> | undefined = options.keys
    ? Promise.resolve(options.keys)
    : undefined;
  const now = options.now ?? Date.now;
  // A token whose signature and claims checked out is remembered until its `exp`: later
  // requests with it cost a map lookup instead of a signature check (`scripts/bench/auth.ts`).
  const verified = new Map<string, { identity: TokenIdentity; expiresAt: number }>();
  const keySet = () => {
    if (!discovered) {
      discovered = discoverKeys(issuer);
      discovered.catch(() => (discovered = undefined)); // discover again on the next token
    }
    return discovered;
  };
  return {
    async verify(token, resource): Promise<TokenIdentity | undefined> {
      if (token.split(".").length !== 3) return undefined;
      const audience = auth.audience ?? resource;
      if (audience === undefined) return undefined;
      const key = `${audience} ${token}`;
      const known = verified.get(key);
      if (known) {
        if (known.expiresAt > now()) return known.identity;
        verified.delete(key);
      }
      let keys: JWTVerifyGetKey;
      try {
        keys = await keySet();
      } catch (error) {
        // Fail closed: no keys, no token. The KM's log says why.
        options.onError?.(error instanceof Error ? error : new Error(String(error)));
        return undefined;
      }
      try {
        const { payload } = await jwtVerify(token, keys, {
          issuer,
          audience,
          algorithms: ALGORITHMS,
          currentDate: new Date(now()),
        });
        if (typeof payload.sub !== "string" || payload.exp === undefined) return undefined;
        const identity = { clientId: `sso/${payload.sub}`, scopes: claimScopes(payload, auth) };
        if (verified.size >= VERIFIED_MAX) verified.delete(verified.keys().next().value!);
        verified.set(key, { identity, expiresAt: payload.exp * 1000 });
        return identity;
      } catch (error) {
        if (error instanceof Error && error.name.startsWith("JW")) return undefined;
        if (error instanceof Error && "code" in error) return undefined; // jose's ERR_* family
        throw error;
      }
    },
  };
}

async function discoverKeys(issuer: string): Promise<JWTVerifyGetKey> {
  const url = `${issuer.replace(/\/$/, "")}/.well-known/openid-configuration`;
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) {
    await response.body?.cancel();
    throw new Error(`${url} answered ${response.status}`);
  }
  const document = await response.json() as { issuer?: unknown; jwks_uri?: unknown };
  if (document.issuer !== issuer || typeof document.jwks_uri !== "string") {
    throw new Error(`${url} does not describe issuer ${issuer} with a jwks_uri`);
  }
  return createRemoteJWKSet(new URL(document.jwks_uri), { cooldownDuration: 30_000 });
}
