/**
 * The KM as its own OAuth 2.1 authorization server, per the MCP
 * authorization specification (2025-06-18): RFC 8414 metadata, RFC 7591
 * dynamic registration, the authorization endpoint (code flow, PKCE S256
 * only, RFC 8707 `resource` limited to this KM's MCP endpoint) with the
 * consent page, the token endpoint (code exchange, refresh rotation) and
 * RFC 7009 revocation. The issuer is the origin the request came to (the
 * KM's listener has checked its `Host`), and the one resource it issues for
 * is that origin's `/mcp`.
 * @module
 */

import { checkRegistration, registrationResponse } from "./client_registration.ts";
import { consentPage, errorPage } from "./consent_page.ts";
import { type Lifetimes, OAuthFault, type OAuthStore } from "./oauth_store.ts";
import { BASE_SCOPES, BUILTIN_ROLES, parseScopeParameter } from "./scopes.ts";

/** Paths the authorization server owns. */
export const AS_METADATA_PATH = "/.well-known/oauth-authorization-server";
export const OAUTH_PATHS = {
  register: "/oauth/register",
  authorize: "/oauth/authorize",
  token: "/oauth/token",
  revoke: "/oauth/revoke",
} as const;

/** How the person at the browser proves they own the KM (the dashboard's sign-in). */
export interface OwnerCheck {
  /** The request carries the dashboard session (cookie or bearer). */
  allows(request: Request): Promise<boolean>;
  /** `token` is the project token. */
  tokenMatches(token: string): Promise<boolean>;
}

/** What the authorization server reports (for the audit trail). */
export type AuthorizationEvent =
  | { kind: "register"; clientId: string; name: string; redirectUris: string[] }
  | { kind: "consent"; clientId: string; scopes: string[]; outcome: "ok" | "denied" }
  | { kind: "token"; clientId: string; grant: string; outcome: "ok" | "denied"; reason?: string };

/** Options of {@linkcode createAuthorizationServer}. */
export interface AuthorizationServerOptions {
  store: OAuthStore;
  owner: OwnerCheck;
  /** The project's name, shown on the consent page. */
  project: string;
  lifetimes: Lifetimes;
  /** The KM's port (the CSRF cookie is named after it: browsers share cookies across ports). */
  port: number;
  onEvent?(event: AuthorizationEvent): void;
  now?: () => number;
}

interface PendingRequest {
  csrf: string;
  clientId: string;
  clientName: string;
  redirectUri: string;
  state: string | null;
  challenge: string;
  scopes: string[];
  resource: string;
  expiresAt: number;
}

const PENDING_MAX = 256;
const PENDING_MS = 10 * 60_000;

/**
 * Creates the handler for {@linkcode AS_METADATA_PATH} and the `/oauth/*` paths.
 *
 * @example
 * ```ts
 * const as = createAuthorizationServer({ store, owner, project: "my-app", lifetimes, port });
 * const response = await as(request);
 * ```
 */
export function createAuthorizationServer(
  options: AuthorizationServerOptions,
): (request: Request) => Promise<Response> {
  const now = options.now ?? Date.now;
  const pending = new Map<string, PendingRequest>();
  const csrfCookie = `sa_oauth_${options.port}`;

  function metadata(origin: string): Record<string, unknown> {
    return {
      issuer: origin,
      authorization_endpoint: `${origin}${OAUTH_PATHS.authorize}`,
      token_endpoint: `${origin}${OAUTH_PATHS.token}`,
      registration_endpoint: `${origin}${OAUTH_PATHS.register}`,
      revocation_endpoint: `${origin}${OAUTH_PATHS.revoke}`,
      scopes_supported: [...BASE_SCOPES],
      response_types_supported: ["code"],
      response_modes_supported: ["query"],
      grant_types_supported: ["authorization_code", "refresh_token"],
      code_challenge_methods_supported: ["S256"],
      token_endpoint_auth_methods_supported: ["none"],
      revocation_endpoint_auth_methods_supported: ["none"],
    };
  }

  async function register(request: Request): Promise<Response> {
    const body = await jsonBody(request);
    if (body === undefined) return oauthError("invalid_client_metadata", "the body must be JSON");
    const checked = checkRegistration(body);
    if ("error" in checked) return Response.json(checked, { status: 400, headers: NO_STORE });
    try {
      const client = options.store.registerClient(checked.name, checked.redirectUris);
      options.onEvent?.({
        kind: "register",
        clientId: client.clientId,
        name: client.name,
        redirectUris: client.redirectUris,
      });
      return Response.json(registrationResponse(client), { status: 201, headers: NO_STORE });
    } catch (error) {
      if (error instanceof OAuthFault) return oauthError(error.error, error.message);
      throw error;
    }
  }

  /** GET /oauth/authorize: validates the request and shows the consent page. */
  function authorize(request: Request, url: URL): Response | Promise<Response> {
    const q = url.searchParams;
    const client = options.store.client(q.get("client_id") ?? "");
    if (!client) return htmlError("unknown client_id: register the client first", 400);
    const redirectUri = q.get("redirect_uri") ?? "";
    if (!client.redirectUris.includes(redirectUri)) {
      return htmlError("redirect_uri is not one this client registered", 400);
    }
    const back = (error: string, description: string) =>
      redirect(redirectUri, { error, error_description: description, state: q.get("state") });
    if (q.get("response_type") !== "code") {
      return back("unsupported_response_type", "only response_type=code");
    }
    const challenge = q.get("code_challenge") ?? "";
    if (q.get("code_challenge_method") !== "S256" || !/^[A-Za-z0-9_-]{43}$/.test(challenge)) {
      return back("invalid_request", "PKCE is required: code_challenge_method=S256");
    }
    const resource = `${url.origin}/mcp`;
    const asked = q.getAll("resource");
    if (asked.length > 1 || (asked.length === 1 && asked[0] !== resource)) {
      return back("invalid_target", `this server issues tokens for ${resource} only`);
    }
    const { scopes, unknown } = parseScopeParameter(q.get("scope"));
    if (unknown.length > 0) return back("invalid_scope", `unknown scope ${unknown.join(" ")}`);
    for (const [id, entry] of pending) if (entry.expiresAt <= now()) pending.delete(id);
    if (pending.size >= PENDING_MAX) pending.delete(pending.keys().next().value!);
    const requestId = crypto.randomUUID();
    const entry: PendingRequest = {
      csrf: randomText(),
      clientId: client.clientId,
      clientName: client.name,
      redirectUri,
      state: q.get("state"),
      challenge,
      scopes: scopes.length > 0 ? scopes : [...BUILTIN_ROLES.operator],
      resource,
      expiresAt: now() + PENDING_MS,
    };
    pending.set(requestId, entry);
    return consentResponse(request, requestId, entry);
  }

  async function consentResponse(
    request: Request,
    requestId: string,
    entry: PendingRequest,
    problem?: string,
  ): Promise<Response> {
    const page = consentPage({
      requestId,
      csrf: entry.csrf,
      clientName: entry.clientName,
      clientId: entry.clientId,
      redirectUri: entry.redirectUri,
      scopes: entry.scopes,
      project: options.project,
      resource: entry.resource,
      signedIn: await options.owner.allows(request),
      problem,
    });
    return new Response(page, {
      status: problem ? 403 : 200,
      headers: {
        "content-type": "text/html; charset=utf-8",
        "set-cookie": `${csrfCookie}=${entry.csrf}; Path=/oauth; HttpOnly; SameSite=Strict`,
        "x-frame-options": "DENY",
        "content-security-policy":
          "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
        ...NO_STORE,
      },
    });
  }

  /** POST /oauth/authorize: the person's answer. */
  async function decide(request: Request): Promise<Response> {
    const form = await formBody(request);
    const requestId = form?.get("request_id") ?? "";
    const entry = pending.get(requestId);
    if (!form || !entry || entry.expiresAt <= now()) {
      return htmlError("this authorization request has expired: start again from the client", 400);
    }
    const cookie = readCookie(request.headers.get("cookie"), csrfCookie);
    if (!equalText(form.get("csrf") ?? "", entry.csrf) || !equalText(cookie ?? "", entry.csrf)) {
      return htmlError(
        "the form's CSRF token does not match: reload the page from the client",
        403,
      );
    }
    const signedIn = await options.owner.allows(request) ||
      await options.owner.tokenMatches(form.get("token") ?? "");
    if (!signedIn) {
      return consentResponse(request, requestId, entry, "the project token is not correct");
    }
    pending.delete(requestId);
    // The grant is what the person left ticked, never more than the client asked for.
    const granted = entry.scopes.filter((scope) => form.getAll("scope").includes(scope));
    if (form.get("decision") !== "allow" || granted.length === 0) {
      options.onEvent?.({
        kind: "consent",
        clientId: entry.clientId,
        scopes: entry.scopes,
        outcome: "denied",
      });
      return redirect(entry.redirectUri, {
        error: "access_denied",
        error_description: "the owner refused",
        state: entry.state,
      });
    }
    const code = options.store.createCode(
      {
        clientId: entry.clientId,
        principal: `oauth/${entry.clientId}`,
        scopes: granted,
        resource: entry.resource,
      },
      entry.redirectUri,
      entry.challenge,
      options.lifetimes.codeSeconds,
    );
    options.onEvent?.({
      kind: "consent",
      clientId: entry.clientId,
      scopes: granted,
      outcome: "ok",
    });
    return redirect(entry.redirectUri, { code, state: entry.state });
  }

  async function token(request: Request, url: URL): Promise<Response> {
    const form = await formBody(request);
    if (!form) return oauthError("invalid_request", "send application/x-www-form-urlencoded");
    const grantType = form.get("grant_type") ?? "";
    const clientId = form.get("client_id") ?? "";
    if (!options.store.client(clientId)) {
      return oauthError("invalid_client", "unknown client_id", 401);
    }
    const resources = form.getAll("resource");
    if (resources.length > 1) return oauthError("invalid_target", "one resource at most");
    const resource = resources[0];
    if (resource !== undefined && resource !== `${url.origin}/mcp`) {
      return oauthError("invalid_target", `this server issues tokens for ${url.origin}/mcp only`);
    }
    try {
      let issued;
      if (grantType === "authorization_code") {
        issued = options.store.redeemCode(form.get("code") ?? "", {
          clientId,
          redirectUri: form.get("redirect_uri") ?? "",
          verifier: form.get("code_verifier") ?? "",
          resource,
        }, options.lifetimes);
      } else if (grantType === "refresh_token") {
        const scope = form.get("scope");
        issued = options.store.refresh(form.get("refresh_token") ?? "", {
          clientId,
          resource,
          scopes: scope === null ? undefined : parseScopeParameter(scope).scopes,
        }, options.lifetimes);
      } else {
        return oauthError("unsupported_grant_type", "authorization_code or refresh_token");
      }
      options.onEvent?.({ kind: "token", clientId, grant: grantType, outcome: "ok" });
      return Response.json({
        access_token: issued.accessToken,
        token_type: "Bearer",
        expires_in: issued.expiresIn,
        refresh_token: issued.refreshToken,
        scope: issued.scopes.join(" "),
      }, { headers: NO_STORE });
    } catch (error) {
      if (!(error instanceof OAuthFault)) throw error;
      options.onEvent?.({
        kind: "token",
        clientId,
        grant: grantType,
        outcome: "denied",
        reason: error.message,
      });
      return oauthError(error.error, error.message, error.status);
    }
  }

  async function revoke(request: Request): Promise<Response> {
    const form = await formBody(request);
    if (!form) return oauthError("invalid_request", "send application/x-www-form-urlencoded");
    const clientId = form.get("client_id") ?? "";
    if (!options.store.client(clientId)) {
      return oauthError("invalid_client", "unknown client_id", 401);
    }
    // RFC 7009 §2.2: an unknown or foreign token is answered like a revoked one.
    options.store.revoke(form.get("token") ?? "", clientId);
    return new Response(null, { status: 200, headers: NO_STORE });
  }

  return async (request) => {
    const url = new URL(request.url);
    const route = `${request.method} ${url.pathname}`;
    switch (route) {
      case `GET ${AS_METADATA_PATH}`:
        return Response.json(metadata(url.origin));
      case `POST ${OAUTH_PATHS.register}`:
        return await register(request);
      case `GET ${OAUTH_PATHS.authorize}`:
        return await authorize(request, url);
      case `POST ${OAUTH_PATHS.authorize}`:
        return await decide(request);
      case `POST ${OAUTH_PATHS.token}`:
        return await token(request, url);
      case `POST ${OAUTH_PATHS.revoke}`:
        return await revoke(request);
    }
    const known = [AS_METADATA_PATH, ...Object.values(OAUTH_PATHS)].includes(url.pathname);
    return known
      ? new Response(null, { status: 405 })
      : Response.json({ error: "not_found" }, { status: 404 });
  };
}

const NO_STORE = { "cache-control": "no-store", pragma: "no-cache" };

function oauthError(error: string, description: string, status = 400): Response {
  return Response.json({ error, error_description: description }, { status, headers: NO_STORE });
}

function htmlError(message: string, status: number): Response {
  return new Response(errorPage(message), {
    status,
    headers: { "content-type": "text/html; charset=utf-8", ...NO_STORE },
  });
}

function redirect(target: string, params: Record<string, string | null>): Response {
  const url = new URL(target);
  for (const [key, value] of Object.entries(params)) {
    if (value !== null) url.searchParams.set(key, value);
  }
  return new Response(null, { status: 302, headers: { location: url.href, ...NO_STORE } });
}

async function jsonBody(request: Request): Promise<unknown> {
  try {
    return await request.json();
  } catch {
    return undefined; // not JSON: the caller answers 400
  }
}

async function formBody(request: Request): Promise<URLSearchParams | undefined> {
  const type = request.headers.get("content-type") ?? "";
  if (!type.toLowerCase().startsWith("application/x-www-form-urlencoded")) return undefined;
  return new URLSearchParams(await request.text());
}

function readCookie(header: string | null, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return rest.join("=");
  }
  return undefined;
}

function randomText(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_");
}

function equalText(a: string, b: string): boolean {
  if (a.length !== b.length || a.length === 0) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}
