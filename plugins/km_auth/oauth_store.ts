/**
 * The KM authorization server's state, in one SQLite file
 * (`.claude/state/oauth.db`, WAL): registered clients, authorization codes
 * and tokens. A code or token is stored only as its SHA-256 digest, so the
 * file holds nothing a thief could present. Every transition is one
 * transaction: redeeming a code, rotating a refresh token and revoking a
 * family cannot interleave with each other. Codes and tokens of one grant
 * share a `family`; presenting a used code or an already rotated refresh
 * token revokes the whole family (OAuth 2.1 §4.3.1 and §6.1).
 * @module
 */

import { randomBytes } from "node:crypto";
import { dirname, join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { SuperAgentsError } from "../../core/errors.ts";
import { newSecret, s256, secretDigest } from "./oauth_secrets.ts";

/** A registered client (RFC 7591). */
export interface OAuthClient {
  clientId: string;
  name: string;
  redirectUris: string[];
  createdAt: number;
}

/** What a grant carries from consent to every token issued for it. */
export interface Grant {
  clientId: string;
  /** The consenting principal (for the audit trail). */
  principal: string;
  scopes: string[];
  /** The RFC 8707 resource the tokens are bound to. */
  resource: string;
}

/** An access and refresh token pair, as handed to the client (the only time they exist). */
export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  scopes: string[];
}

/** Why a token or code was refused: OAuth's `error` value and a description. */
export class OAuthFault extends Error {
  constructor(readonly error: string, description: string, readonly status = 400) {
    super(description);
  }
}

/** Token lifetimes, in seconds. */
export interface Lifetimes {
  accessSeconds: number;
  refreshSeconds: number;
  codeSeconds: number;
}

/** The most clients dynamic registration keeps (the endpoint needs no credential). */
export const MAX_CLIENTS = 1000;

/** A registered client with no live grant is forgotten after this long, when room is needed. */
const IDLE_CLIENT_MS = 24 * 3600_000;

/** The database file of a project's authorization server. */
export function oauthDbPath(stateDir: string): string {
  return join(stateDir, "oauth.db");
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS clients (
  client_id TEXT PRIMARY KEY, name TEXT NOT NULL, redirect_uris TEXT NOT NULL,
  created_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS codes (
  digest TEXT PRIMARY KEY, family TEXT NOT NULL, client_id TEXT NOT NULL,
  redirect_uri TEXT NOT NULL, challenge TEXT NOT NULL, principal TEXT NOT NULL,
  scopes TEXT NOT NULL, resource TEXT NOT NULL, expires_at INTEGER NOT NULL,
  used INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS tokens (
  digest TEXT PRIMARY KEY, kind TEXT NOT NULL CHECK (kind IN ('access', 'refresh')),
  family TEXT NOT NULL, client_id TEXT NOT NULL, principal TEXT NOT NULL,
  scopes TEXT NOT NULL, resource TEXT NOT NULL, expires_at INTEGER NOT NULL,
  rotated INTEGER NOT NULL DEFAULT 0, revoked INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS tokens_family ON tokens (family);
`;

/** A verified access token. */
export interface AccessGrant extends Grant {
  expiresAt: number;
}

/**
 * The store. Open one per process and close it on shutdown.
 *
 * @example
 * ```ts
 * const store = await OAuthStore.open(oauthDbPath(paths.state), Date.now);
 * const client = store.registerClient("Inspector", ["http://127.0.0.1:6274/oauth/callback"]);
 * ```
 */
export class OAuthStore {
  private constructor(private readonly db: DatabaseSync, private readonly now: () => number) {}

  /** Opens (creating if needed) the database at `path`. */
  static async open(path: string, now: () => number = Date.now): Promise<OAuthStore> {
    await Deno.mkdir(dirname(path), { recursive: true });
    let db: DatabaseSync;
    try {
      db = new DatabaseSync(path);
      db.exec("PRAGMA busy_timeout = 5000");
      db.exec("PRAGMA journal_mode = WAL");
      db.exec(SCHEMA);
    } catch (error) {
      throw new SuperAgentsError(
        "OAUTH_DB_OPEN",
        `cannot open ${path}: ${(error as Error).message}`,
        {
          hint: `move ${path} aside and restart the KM (clients register again)`,
          cause: error,
        },
      );
    }
    if (Deno.build.os !== "windows") await Deno.chmod(path, 0o600);
    return new OAuthStore(db, now);
  }

  close(): void {
    this.db.close();
  }

  /**
   * Registers a client. At {@linkcode MAX_CLIENTS}, clients older than a day
   * that hold no live code or token are forgotten first (registration needs
   * no credential, so abandoned registrations must not lock it for good);
   * if none can go, the registration is refused.
   */
  registerClient(name: string, redirectUris: string[]): OAuthClient {
    return this.transaction(() => {
      const count = () =>
        (this.db.prepare("SELECT count(*) AS n FROM clients").get() as { n: number }).n;
      if (count() >= MAX_CLIENTS) this.forgetIdleClients();
      if (count() >= MAX_CLIENTS) {
        throw new OAuthFault(
          "invalid_client_metadata",
          `this KM already has ${MAX_CLIENTS} registered clients`,
        );
      }
      const client = {
        clientId: `sac_${randomBytes(16).toString("base64url")}`,
        name,
        redirectUris,
        createdAt: this.now(),
      };
      this.db.prepare("INSERT INTO clients VALUES (?, ?, ?, ?)").run(
        client.clientId,
        name,
        JSON.stringify(redirectUris),
        client.createdAt,
      );
      return client;
    });
  }

  /** A registered client, or `undefined`. */
  client(clientId: string): OAuthClient | undefined {
    const row = this.db.prepare("SELECT * FROM clients WHERE client_id = ?").get(clientId) as
      | Record<string, string | number>
      | undefined;
    if (!row) return undefined;
    return {
      clientId: String(row.client_id),
      name: String(row.name),
      redirectUris: JSON.parse(String(row.redirect_uris)),
      createdAt: Number(row.created_at),
    };
  }

  /** Stores a new authorization code for a consented grant; returns the code. */
  createCode(grant: Grant, redirectUri: string, challenge: string, seconds: number): string {
    const code = newSecret("saz_");
    this.db.prepare("INSERT INTO codes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)").run(
      secretDigest(code),
      crypto.randomUUID(),
      grant.clientId,
      redirectUri,
      challenge,
      grant.principal,
      JSON.stringify(grant.scopes),
      grant.resource,
      this.now() + seconds * 1000,
    );
    return code;
  }

  /**
   * Redeems a code (once): checks client, redirect URI, PKCE verifier and
   * resource, and issues the first token pair of its family. A second
   * redemption revokes every token issued from the code.
   */
  redeemCode(
    code: string,
    check: { clientId: string; redirectUri: string; verifier: string; resource?: string },
    lifetimes: Lifetimes,
  ): IssuedTokens & { grant: Grant } {
    return this.transaction(() => {
      const row = this.db.prepare("SELECT * FROM codes WHERE digest = ?").get(secretDigest(code)) as
        | Record<string, string | number>
        | undefined;
      if (!row) throw new OAuthFault("invalid_grant", "the authorization code is not valid");
      const family = String(row.family);
      if (Number(row.used) === 1) {
        this.revokeFamily(family);
        throw new OAuthFault(
          "invalid_grant",
          "the authorization code was already used; the tokens issued from it are revoked",
        );
      }
      this.db.prepare("UPDATE codes SET used = 1 WHERE digest = ?").run(secretDigest(code));
      if (Number(row.expires_at) <= this.now()) {
        throw new OAuthFault("invalid_grant", "the authorization code has expired");
      }
      if (row.client_id !== check.clientId) {
        throw new OAuthFault("invalid_grant", "the code was issued to another client");
      }
      if (row.redirect_uri !== check.redirectUri) {
        throw new OAuthFault(
          "invalid_grant",
          "redirect_uri differs from the authorization request",
        );
      }
      if (s256(check.verifier) !== row.challenge) {
        throw new OAuthFault("invalid_grant", "code_verifier does not match the code_challenge");
      }
      if (check.resource !== undefined && check.resource !== row.resource) {
        throw new OAuthFault("invalid_target", "resource differs from the authorization request");
      }
      const grant: Grant = {
        clientId: String(row.client_id),
        principal: String(row.principal),
        scopes: JSON.parse(String(row.scopes)),
        resource: String(row.resource),
      };
      return { ...this.issue(family, grant, lifetimes), grant };
    });
  }

  /**
   * Rotates a refresh token: the presented one is spent and a new pair is
   * issued. Presenting a spent one revokes its whole family (a stolen token
   * and its legitimate twin cannot both keep working).
   */
  refresh(
    refreshToken: string,
    check: { clientId: string; resource?: string; scopes?: string[] },
    lifetimes: Lifetimes,
  ): IssuedTokens & { grant: Grant } {
    return this.transaction(() => {
      const row = this.tokenRow(refreshToken);
      if (!row || row.kind !== "refresh" || row.client_id !== check.clientId) {
        throw new OAuthFault("invalid_grant", "the refresh token is not valid");
      }
      const family = String(row.family);
      if (Number(row.revoked) === 1) {
        throw new OAuthFault("invalid_grant", "the refresh token has been revoked");
      }
      if (Number(row.rotated) === 1) {
        this.revokeFamily(family);
        throw new OAuthFault(
          "invalid_grant",
          "the refresh token was already used; every token of this grant is now revoked",
        );
      }
      if (Number(row.expires_at) <= this.now()) {
        throw new OAuthFault("invalid_grant", "the refresh token has expired");
      }
      if (check.resource !== undefined && check.resource !== row.resource) {
        throw new OAuthFault("invalid_target", "resource differs from the original grant");
      }
      const granted: string[] = JSON.parse(String(row.scopes));
      const wanted = check.scopes ?? granted;
      const widened = wanted.filter((scope) => !granted.includes(scope));
      if (widened.length > 0) {
        throw new OAuthFault("invalid_scope", `scope ${widened.join(" ")} was not granted`);
      }
      this.db.prepare("UPDATE tokens SET rotated = 1 WHERE digest = ?").run(
        secretDigest(refreshToken),
      );
      const grant: Grant = {
        clientId: String(row.client_id),
        principal: String(row.principal),
        scopes: wanted,
        resource: String(row.resource),
      };
      return { ...this.issue(family, grant, lifetimes), grant };
    });
  }

  /**
   * Revokes a token of `clientId` (RFC 7009): an access token alone, a
   * refresh token with its whole family. Unknown tokens are ignored.
   */
  revoke(token: string, clientId: string): boolean {
    return this.transaction(() => {
      const row = this.tokenRow(token);
      if (!row || row.client_id !== clientId) return false;
      if (row.kind === "refresh") this.revokeFamily(String(row.family));
      else {
        this.db.prepare("UPDATE tokens SET revoked = 1 WHERE digest = ?").run(secretDigest(token));
      }
      return true;
    });
  }

  /** The grant of a live access token, or `undefined` (unknown, expired or revoked). */
  verifyAccess(token: string): AccessGrant | undefined {
    const row = this.db.prepare(
      "SELECT * FROM tokens WHERE digest = ? AND kind = 'access' AND revoked = 0",
    ).get(secretDigest(token)) as Record<string, string | number> | undefined;
    if (!row || Number(row.expires_at) <= this.now()) return undefined;
    return {
      clientId: String(row.client_id),
      principal: String(row.principal),
      scopes: JSON.parse(String(row.scopes)),
      resource: String(row.resource),
      expiresAt: Number(row.expires_at),
    };
  }

  /** Deletes expired codes and tokens; returns how many rows went. */
  prune(): number {
    const now = this.now();
    const codes = this.db.prepare("DELETE FROM codes WHERE expires_at <= ?").run(now);
    const tokens = this.db.prepare("DELETE FROM tokens WHERE expires_at <= ?").run(now);
    return Number(codes.changes) + Number(tokens.changes);
  }

  private forgetIdleClients(): void {
    const now = this.now();
    this.db.prepare(
      `DELETE FROM clients WHERE created_at <= ? AND client_id NOT IN (
         SELECT client_id FROM tokens WHERE revoked = 0 AND expires_at > ?
         UNION SELECT client_id FROM codes WHERE used = 0 AND expires_at > ?)`,
    ).run(now - IDLE_CLIENT_MS, now, now);
  }

  private issue(family: string, grant: Grant, lifetimes: Lifetimes): IssuedTokens {
    const accessToken = newSecret("sat_");
    const refreshToken = newSecret("sar_");
    const insert = this.db.prepare("INSERT INTO tokens VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0)");
    const scopes = JSON.stringify(grant.scopes);
    const now = this.now();
    insert.run(
      secretDigest(accessToken),
      "access",
      family,
      grant.clientId,
      grant.principal,
      scopes,
      grant.resource,
      now + lifetimes.accessSeconds * 1000,
    );
    insert.run(
      secretDigest(refreshToken),
      "refresh",
      family,
      grant.clientId,
      grant.principal,
      scopes,
      grant.resource,
      now + lifetimes.refreshSeconds * 1000,
    );
    return { accessToken, refreshToken, expiresIn: lifetimes.accessSeconds, scopes: grant.scopes };
  }

  private revokeFamily(family: string): void {
    this.db.prepare("UPDATE tokens SET revoked = 1 WHERE family = ?").run(family);
  }

  private tokenRow(token: string): Record<string, string | number> | undefined {
    return this.db.prepare("SELECT * FROM tokens WHERE digest = ?").get(secretDigest(token)) as
      | Record<string, string | number>
      | undefined;
  }

  private transaction<T>(work: () => T): T {
    this.db.exec("BEGIN IMMEDIATE");
    try {
      const result = work();
      this.db.exec("COMMIT");
      return result;
    } catch (error) {
      // A refusal keeps what it decided (a burnt code, a revoked family); anything else is undone.
      this.db.exec(error instanceof OAuthFault ? "COMMIT" : "ROLLBACK");
      throw error;
    }
  }
}
