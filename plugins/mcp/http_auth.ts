/**
 * Bearer-token authentication for the MCP HTTP endpoint (OAuth 2.0 resource
 * server behaviour, RFC 6750 and RFC 9728). A request is accepted with the
 * project's token (`.claude/state/km.token`) or any token in the per-user
 * store. Tokens are compared as SHA-256 digests with `timingSafeEqual`, and
 * every candidate is compared, so timing reveals neither the token nor which
 * one matched. A refusal is a 401 whose `WWW-Authenticate` names the
 * protected-resource metadata document, where clients discover how to
 * authenticate.
 * @module
 */

import { timingSafeEqual } from "node:crypto";
import { readTokenStore, tokenDigest } from "./token_store.ts";

/** The prefix of tokens `mcp token create` makes. */
const USER_TOKEN_PREFIX = "sa_";

/** Path of the RFC 9728 protected-resource metadata document. */
export const RESOURCE_METADATA_PATH = "/.well-known/oauth-protected-resource";

/** Who a token belongs to. */
export interface TokenIdentity {
  /**
   * The principal: `project` for the KM token, `token/<name>` for a user-store
   * token, `oauth/<client>` or `sso/<subject>` for OAuth access tokens.
   */
  clientId: string;
  /** What the token may do (`km_auth/scopes.ts`); the project token holds `admin`. */
  scopes: readonly string[];
}

/** Checks presented bearer tokens. */
export interface TokenVerifier {
  /** The identity, or `undefined`; `resource` is the URL the token is presented to (RFC 8707). */
  verify(token: string, resource?: string): Promise<TokenIdentity | undefined>;
}

/** Options of {@linkcode createTokenVerifier}. */
export interface TokenVerifierOptions {
  /** The project token (km.token); `undefined` disables it. */
  projectToken?: string;
  /** The per-user store file; `undefined` disables it. */
  userStorePath?: string;
  /** How long a read of the user store is reused (default 1000 ms). */
  storeTtlMs?: number;
  /** Clock, for tests. */
  now?: () => number;
  /** Further verifiers (OAuth access tokens, SSO JWTs), asked when no static token matches. */
  others?: readonly TokenVerifier[];
}

/**
 * A verifier over the project token and the user store (re-read at most once
 * per `storeTtlMs`, so revoking a token takes effect within a second).
 *
 * @example
 * ```ts
 * const verifier = createTokenVerifier({ projectToken, userStorePath: tokenStorePath(ctx) });
 * const who = await verifier.verify(bearerToken(req) ?? "");
 * ```
 */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const now = options.now ?? (() => Date.now());
  const ttl = options.storeTtlMs ?? 1000;
  const projectDigest = options.projectToken ? digestBytes(options.projectToken) : undefined;
  type Entry = { name: string; digest: Uint8Array; scopes: readonly string[] };
  let cached: { at: number; mtime: number | undefined; entries: Entry[] } | undefined;

  async function storeMtime(path: string): Promise<number | undefined> {
    try {
      return (await Deno.stat(path)).mtime?.getTime();
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return undefined; // no store yet
      throw error;
    }
  }

  async function userEntries(fresh = false): Promise<Entry[]> {
    if (!options.userStorePath) return [];
    if (cached && now() - cached.at < ttl && !fresh) return cached.entries;
    const mtime = await storeMtime(options.userStorePath);
    if (fresh && cached && cached.mtime === mtime) return cached.entries;
    const tokens = await readTokenStore(options.userStorePath);
    cached = {
      at: now(),
      mtime,
      // A token created before scopes existed keeps the power it was created with.
      entries: tokens.map((t) => ({
        name: t.name,
        digest: hexBytes(t.sha256),
        scopes: t.scopes ?? ["admin"],
      })),
    };
    return cached.entries;
  }

  return {
    async verify(token, resource) {
      if (token.length === 0) return undefined;
      const presented = digestBytes(token);
      let match: TokenIdentity | undefined;
      if (projectDigest && timingSafeEqual(presented, projectDigest)) {
        match = { clientId: "project", scopes: ["admin"] };
      }
      const fromStore = (entries: Entry[]) => {
        for (const entry of entries) {
          if (timingSafeEqual(presented, entry.digest) && !match) {
            match = { clientId: `token/${entry.name}`, scopes: entry.scopes };
          }
        }
      };
      fromStore(await userEntries());
      // A token created a moment ago: re-read the store if the file changed since.
      if (!match && token.startsWith(USER_TOKEN_PREFIX)) fromStore(await userEntries(true));
      for (const other of options.others ?? []) {
        if (match) break;
        match = await other.verify(token, resource);
      }
      return match;
    },
  };
}

/** The bearer token of a request's `Authorization` header, if any. */
export function bearerToken(req: Request): string | undefined {
  const header = req.headers.get("authorization");
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match ? match[1] : undefined;
}

/** The URL of the metadata document for a server whose base URL is `base`. */
export function resourceMetadataUrl(base: string): string {
  return `${base}${RESOURCE_METADATA_PATH}`;
}

/**
 * A 401 naming the metadata document. `invalid` says a token was presented
 * but is wrong (RFC 6750 `error="invalid_token"`).
 */
export function unauthorizedResponse(base: string, invalid: boolean): Response {
  const params = [`resource_metadata="${resourceMetadataUrl(base)}"`];
  if (invalid) params.push(`error="invalid_token"`);
  const message = invalid ? "the bearer token is not valid" : "a bearer token is required";
  return Response.json(
    {
      error: invalid ? "invalid_token" : "unauthorized",
      message,
      hint:
        "sign in through OAuth (the metadata in WWW-Authenticate names the authorization server), " +
        "or send `Authorization: Bearer <token>` with the project's .claude/state/km.token or a " +
        "token from `super-agents mcp token create`",
    },
    { status: 401, headers: { "www-authenticate": `Bearer ${params.join(", ")}` } },
  );
}

/** The scopes a client may ask for (`km_auth/scopes.ts`). */
export const SUPPORTED_SCOPES = [
  "knowledge:read",
  "knowledge:write",
  "tasks:create",
  "agents:run",
  "admin",
] as const;

/**
 * The RFC 9728 protected-resource metadata for the MCP endpoint at
 * `base`/mcp. `authorizationServer` is the issuer clients get tokens from:
 * the configured SSO issuer, or the KM itself (`base`). Never empty: the MCP
 * authorization specification requires at least one.
 */
export function protectedResourceMetadata(
  base: string,
  authorizationServer: string = base,
): Record<string, unknown> {
  return {
    resource: `${base}/mcp`,
    authorization_servers: [authorizationServer],
    scopes_supported: [...SUPPORTED_SCOPES],
    bearer_methods_supported: ["header"],
    resource_name: "super-agents Knowledge Manager (MCP)",
  };
}

function digestBytes(token: string): Uint8Array {
  return hexBytes(tokenDigest(token));
}

function hexBytes(hex: string): Uint8Array {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}
