/**
 * SSO sign-in to the dashboard: the KM as an OpenID Connect relying party
 * of `auth.issuer` (a public client, `auth.dashboardClientId`, code flow with
 * PKCE S256, `state` bound to the browser by a cookie, `nonce` in the ID
 * token). The ID token is checked with `jose` (signature against the
 * issuer's JWKS, `iss`, `aud` = the client id, `exp`, `nonce`), its roles
 * claim becomes scopes, and the browser gets a session cookie holding the
 * subject, the scopes and an expiry under an HMAC keyed by the project
 * token — the dashboard asks the access gate about that principal like any
 * other.
 * @module
 */

import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { s256 } from "./oauth_secrets.ts";
import type { AuthConfig } from "./config.ts";
import { createRemoteJWKSet, jwtVerify } from "./deps.ts";
import { claimScopes } from "./jwt_verifier.ts";
import type { Principal } from "./scopes.ts";

/** Paths the SSO sign-in owns (under the dashboard's prefix). */
export const SSO_LOGIN_PATH = "/dashboard/sso/login";
export const SSO_CALLBACK_PATH = "/dashboard/sso/callback";

/** The dashboard's SSO sign-in. */
export interface SsoLogin {
  /** Answers the two SSO paths. */
  handle(request: Request): Promise<Response>;
  /** The signed-in principal of a request's SSO session cookie, if valid. */
  principalOf(request: Request): Principal | undefined;
}

/** Options of {@linkcode createSsoLogin}. */
export interface SsoLoginOptions {
  auth: AuthConfig;
  /** Keys the session cookie's HMAC (the project token). */
  sessionKey: string;
  /** The KM's port (cookies are named after it: browsers share cookies across ports). */
  port: number;
  /** How long a session lasts (default 8 h). */
  sessionMs?: number;
  now?: () => number;
}

interface Discovery {
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
}

interface Pending {
  verifier: string;
  nonce: string;
  redirectUri: string;
  expiresAt: number;
}

const PENDING_MS = 10 * 60_000;

/**
 * Creates the sign-in for an issuer and client id.
 *
 * @example
 * ```ts
 * const sso = createSsoLogin({ auth, sessionKey: token, port });
 * if (url.pathname.startsWith("/dashboard/sso/")) return await sso.handle(request);
 * ```
 */
export function createSsoLogin(options: SsoLoginOptions): SsoLogin {
  const { auth } = options;
  const issuer = auth.issuer;
  const clientId = auth.dashboardClientId;
  if (issuer === undefined || clientId === undefined) {
    throw new Error("createSsoLogin needs auth.issuer and auth.dashboardClientId");
  }
  const now = options.now ?? Date.now;
  const sessionMs = options.sessionMs ?? 8 * 3600_000;
  const stateCookie = `sa_sso_state_${options.port}`;
  const sessionCookie = `sa_sso_${options.port}`;
  const pending = new Map<string, Pending>();
  let discovery: Promise<Discovery> | undefined;
  let keys: ReturnType<typeof createRemoteJWKSet> | undefined;

  const discover = () => {
    if (!discovery) {
      discovery = (async () => {
        const url = `${issuer.replace(/\/$/, "")}/.well-known/openid-configuration`;
        const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
        if (!response.ok) throw new Error(`${url} answered ${response.status}`);
        const document = await response.json();
        if (document.issuer !== issuer) throw new Error(`${url} names another issuer`);
        return document as Discovery;
      })();
      discovery.catch(() => (discovery = undefined)); // discover again next time
    }
    return discovery;
  };

  function sign(payload: string): string {
    return createHmac("sha256", options.sessionKey).update(`sso-session:${payload}`)
      .digest("base64url");
  }

  async function login(url: URL): Promise<Response> {
    const found = await discover();
    for (const [id, entry] of pending) if (entry.expiresAt <= now()) pending.delete(id);
    if (pending.size >= 256) pending.delete(pending.keys().next().value!);
    const state = randomBytes(24).toString("base64url");
    const entry = {
      verifier: randomBytes(32).toString("base64url"),
      nonce: randomBytes(24).toString("base64url"),
      redirectUri: `${url.origin}${SSO_CALLBACK_PATH}`,
      expiresAt: now() + PENDING_MS,
    };
    pending.set(state, entry);
    const target = new URL(found.authorization_endpoint);
    const params = {
      response_type: "code",
      client_id: clientId!,
      redirect_uri: entry.redirectUri,
      scope: "openid",
      state,
      nonce: entry.nonce,
      code_challenge: s256(entry.verifier),
      code_challenge_method: "S256",
    };
    for (const [key, value] of Object.entries(params)) target.searchParams.set(key, value);
    return new Response(null, {
      status: 302,
      headers: {
        location: target.href,
        // Lax: the browser must send it back on the provider's top-level redirect.
        "set-cookie": `${stateCookie}=${state}; Path=/dashboard/sso; HttpOnly; SameSite=Lax`,
        "cache-control": "no-store",
      },
    });
  }

  async function callback(request: Request, url: URL): Promise<Response> {
    const state = url.searchParams.get("state") ?? "";
    const entry = pending.get(state);
    const cookie = readCookie(request.headers.get("cookie"), stateCookie) ?? "";
    if (!entry || entry.expiresAt <= now() || !equal(cookie, state)) {
      return refusal("this sign-in is not the one this browser started: start again");
    }
    pending.delete(state);
    const error = url.searchParams.get("error");
    if (error !== null) return refusal(`the identity provider answered ${error}`);
    const found = await discover();
    const response = await fetch(found.token_endpoint, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "authorization_code",
        code: url.searchParams.get("code") ?? "",
        redirect_uri: entry.redirectUri,
        client_id: clientId!,
        code_verifier: entry.verifier,
      }),
      signal: AbortSignal.timeout(10_000),
    });
    const body = await response.json().catch(() => ({}));
    if (!response.ok || typeof body.id_token !== "string") {
      return refusal("the identity provider did not issue an ID token");
    }
    keys ??= createRemoteJWKSet(new URL(found.jwks_uri), { cooldownDuration: 30_000 });
    let claims;
    try {
      ({ payload: claims } = await jwtVerify(body.id_token, keys, {
        issuer,
        audience: clientId,
        currentDate: new Date(now()),
      }));
    } catch (caught) {
      return refusal(`the ID token is not valid (${(caught as Error).message})`);
    }
    if (claims.nonce !== entry.nonce || typeof claims.sub !== "string") {
      return refusal("the ID token does not answer this sign-in (nonce)");
    }
    const session = btoa(JSON.stringify({
      sub: claims.sub,
      scopes: claimScopes(claims, auth),
      exp: now() + sessionMs,
    })).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
    return new Response(null, {
      status: 302,
      headers: [
        ["location", "/"],
        [
          "set-cookie",
          `${sessionCookie}=${session}.${sign(session)}; Path=/; HttpOnly; SameSite=Strict`,
        ],
        ["set-cookie", `${stateCookie}=; Path=/dashboard/sso; Max-Age=0`],
        ["cache-control", "no-store"],
      ],
    });
  }

  return {
    async handle(request) {
      const url = new URL(request.url);
      try {
        if (url.pathname === SSO_LOGIN_PATH) return await login(url);
        if (url.pathname === SSO_CALLBACK_PATH) return await callback(request, url);
      } catch (caught) {
        return refusal(
          `the identity provider could not be reached (${(caught as Error).message})`,
          502,
        );
      }
      return new Response(null, { status: 404 });
    },
    principalOf(request) {
      const value = readCookie(request.headers.get("cookie"), sessionCookie);
      const [payload, mac] = (value ?? "").split(".");
      if (!payload || !mac || !equal(mac, sign(payload))) return undefined;
      try {
        const session = JSON.parse(atob(payload.replace(/-/g, "+").replace(/_/g, "/")));
        if (typeof session.exp !== "number" || session.exp <= now()) return undefined;
        return { id: `sso/${session.sub}`, scopes: session.scopes };
      } catch {
        return undefined; // a cookie this KM did not write
      }
    },
  };
}

function refusal(message: string, status = 400): Response {
  const text = message.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return new Response(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign-in failed</title>` +
      `</head><body><h1>Sign-in failed</h1><p>${text}</p><p><a href="/">Back</a></p></body></html>`,
    {
      status,
      headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" },
    },
  );
}

function readCookie(header: string | null, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return rest.join("=");
  }
  return undefined;
}

function equal(a: string, b: string): boolean {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}
