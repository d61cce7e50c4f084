/**
 * The live dashboard's HTTP handler, mounted on the KM: `/` (the page, or a
 * sign-in page; `/?token=...` signs a browser in with a cookie and
 * redirects to `/`), `/dashboard/app.js` and `/dashboard/style.css`
 * (public static files), `/dashboard/api/snapshot` (JSON) and
 * `/events/stream` (SSE). Data needs the bearer token or the session
 * cookie. Pages are sent with a strict Content-Security-Policy and
 * `Referrer-Policy: no-referrer`, so the token never leaves in a Referer.
 * @module
 */

import type { Context } from "../../../core/context.ts";
import type { ProjectPaths } from "../../../core/paths.ts";
import { ProjectObserver } from "../project_observer.ts";
import { measureHost } from "./alerts.ts";
import type { KmAlert } from "../mounts.ts";
import { DASHBOARD_HTML, LOGIN_HTML, PUBLIC_ASSETS } from "./assets.ts";
import { type DashboardSession, dashboardSession } from "./session.ts";
import { dashboardSnapshot } from "./snapshot.ts";
import type { AccessGate } from "../../km_auth/access_gate.ts";
import type { TokenVerifier } from "../../mcp/http_auth.ts";
import type { SsoLogin } from "../../km_auth/sso_login.ts";

/** What the dashboard needs from the KM. */
export interface DashboardOptions {
  ctx: Pick<Context, "home" | "dataHome" | "now">;
  paths: ProjectPaths;
  token: string;
  version: string;
  /** Defaults: this process and now. */
  pid?: number;
  startedAt?: number;
  /**
   * Tokens besides the project's (per-user tokens, SSO JWTs) and the access
   * gate: such a principal may read the dashboard's data and event stream
   * when its scopes allow (`dashboard`, `events`).
   */
  principals?: { verifiers: readonly TokenVerifier[]; gate: AccessGate };
  /** SSO sign-in for the KM's port (with `auth.issuer` and `auth.dashboardClientId`). */
  sso?: (port: number) => SsoLogin;
  /** Alerts the other mounts raise (the analytics plugin's), shown with the dashboard's own. */
  contributedAlerts?: () => Promise<KmAlert[]>;
}

/** The dashboard's handler. */
export interface Dashboard {
  handle(request: Request): Promise<Response>;
  /** Ends every open event stream (call before the server's graceful shutdown). */
  close(): Promise<void>;
}

/** Whether a path belongs to the dashboard. */
export function isDashboardPath(pathname: string): boolean {
  return pathname === "/" || pathname.startsWith("/dashboard/") || pathname === "/events/stream";
}

const PAGE_HEADERS = {
  "content-type": "text/html; charset=utf-8",
  "cache-control": "no-store",
  "content-security-policy": "default-src 'self'; script-src 'self'; style-src 'self'; " +
    "connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'",
  "referrer-policy": "no-referrer",
  "x-content-type-options": "nosniff",
};

/**
 * Creates the dashboard for one project's KM.
 *
 * @example
 * ```ts
 * const dashboard = createDashboard({ ctx, paths, token, version: VERSION });
 * Deno.serve((request) => dashboard.handle(request));
 * ```
 */
export function createDashboard(options: DashboardOptions): Dashboard {
  const observer = new ProjectObserver(options.paths);
  const startedAt = options.startedAt ?? options.ctx.now();
  const sessions = new Map<string, Promise<DashboardSession>>();
  const streams = new AbortController();
  let sso: SsoLogin | undefined;
  const ssoFor = (url: URL) => {
    if (options.sso && !sso) sso = options.sso(Number(url.port || 80));
    return sso;
  };
  const sessionFor = (url: URL) => {
    const port = url.port || (url.protocol === "https:" ? "443" : "80");
    let session = sessions.get(port);
    if (!session) sessions.set(port, session = dashboardSession(options.token, Number(port)));
    return session;
  };

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (request.method !== "GET" && request.method !== "HEAD") {
      return json(405, { error: { code: "METHOD_NOT_ALLOWED", message: "use GET" } }, {
        allow: "GET",
      });
    }
    const asset = PUBLIC_ASSETS[url.pathname];
    if (asset) {
      return new Response(asset.body, {
        headers: { "content-type": asset.type, "cache-control": "no-cache" },
      });
    }
    const signIn = ssoFor(url);
    if (signIn && url.pathname.startsWith("/dashboard/sso/")) return await signIn.handle(request);
    const session = await sessionFor(url);
    if (url.pathname === "/") return await page(request, url, session);
    if (!(await session.allows(request))) {
      const scoped = await scopedAccess(request, url);
      if (scoped !== null) return scoped;
    }
    if (url.pathname === "/dashboard/api/snapshot") {
      const body = await dashboardSnapshot({
        ctx: options.ctx,
        paths: options.paths,
        observer,
        km: {
          pid: options.pid ?? Deno.pid,
          port: Number(url.port),
          version: options.version,
          startedAt,
        },
        measureHost: () => measureHost(options.paths.root),
        ...(options.contributedAlerts ? { contributedAlerts: options.contributedAlerts } : {}),
      }, options.ctx.now());
      return json(200, body, { "cache-control": "no-store" });
    }
    if (url.pathname === "/events/stream") {
      // Loaded on first use: the event reader's graph stays off the KM's start.
      const { eventStreamResponse } = await import("./event_stream.ts");
      return eventStreamResponse(options.paths, {
        signal: AbortSignal.any([request.signal, streams.signal]),
      });
    }
    return json(404, { error: { code: "NOT_FOUND", message: `no endpoint ${url.pathname}` } });
  }

  /** `null` when a scoped principal may have this; otherwise the refusal (401 or 403). */
  async function scopedAccess(request: Request, url: URL): Promise<Response | null> {
    const signedIn = ssoFor(url)?.principalOf(request);
    if (signedIn && options.principals) {
      const denial = await options.principals.gate.check(
        signedIn,
        url.pathname === "/events/stream" ? { kind: "events" } : { kind: "dashboard" },
      );
      if (!denial) return null;
      return json(403, {
        error: {
          code: "INSUFFICIENT_SCOPE",
          message: `${denial.principal} may not read the ${denial.action}`,
          missingScope: denial.missing,
        },
      });
    }
    const header = request.headers.get("authorization");
    const presented = header === null ? undefined : /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
    if (presented !== undefined && options.principals) {
      for (const verifier of options.principals.verifiers) {
        const identity = await verifier.verify(presented, `${url.origin}/dashboard`);
        if (!identity) continue;
        const denial = await options.principals.gate.check(
          { id: identity.clientId, scopes: identity.scopes },
          url.pathname === "/events/stream" ? { kind: "events" } : { kind: "dashboard" },
        );
        if (!denial) return null;
        return json(403, {
          error: {
            code: "INSUFFICIENT_SCOPE",
            message: `${denial.principal} may not read the ${denial.action}`,
            missingScope: denial.missing,
          },
        }, {
          "www-authenticate": `Bearer realm="super-agents-km", error="insufficient_scope", ` +
            `scope="${denial.missing}"`,
        });
      }
    }
    return json(401, { error: { code: "UNAUTHORIZED", message: "sign in at / first" } }, {
      "www-authenticate": 'Bearer realm="super-agents-km"',
    });
  }

  async function page(request: Request, url: URL, session: DashboardSession): Promise<Response> {
    const token = url.searchParams.get("token");
    if (token !== null) {
      if (!(await session.tokenMatches(token))) return login(401, "That token is not valid.");
      // Drop the token from the address bar (and from history) right away.
      return new Response(null, {
        status: 303,
        headers: { location: "/", "set-cookie": session.cookie(), "cache-control": "no-store" },
      });
    }
    if (!(await session.allows(request))) {
      const signedIn = ssoFor(url)?.principalOf(request);
      const allowed = signedIn && options.principals &&
        !(await options.principals.gate.check(signedIn, { kind: "dashboard" }));
      if (!allowed) {
        const offer = options.sso
          ? '<a id="sso-login" href="/dashboard/sso/login">Sign in with SSO</a>'
          : undefined;
        return login(
          401,
          signedIn ? `${escapeText(signedIn.id)} may not see this dashboard.` : offer,
        );
      }
    }
    return new Response(DASHBOARD_HTML, { headers: PAGE_HEADERS });
  }

  return {
    handle,
    close() {
      streams.abort();
      return Promise.resolve();
    },
  };
}

function escapeText(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function login(status: number, error?: string): Response {
  const message = error ? `<p class="error" role="alert">${error}</p>` : "";
  return new Response(LOGIN_HTML.replace("<!--ERROR-->", message), {
    status,
    headers: { ...PAGE_HEADERS, "www-authenticate": 'Bearer realm="super-agents-km"' },
  });
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}
