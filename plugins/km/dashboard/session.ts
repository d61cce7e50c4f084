/**
 * Who may see the dashboard: a request carrying the project's bearer token
 * (`Authorization: Bearer ...`), or a browser holding the session cookie
 * that `/?token=...` sets. The cookie holds an HMAC of the token, not the
 * token itself, so a leaked cookie cannot be used for API writes; it is
 * `HttpOnly; SameSite=Strict`, and named after the port, because browsers
 * share cookies between ports of one host.
 * @module
 */

import { bearerChecker, constantTimeEqual } from "../auth.ts";

/** Checks requests against one project token. */
export interface DashboardSession {
  /** The cookie's name (`sa_km_<port>`). */
  cookieName: string;
  /** True when the request carries the bearer token or a valid session cookie. */
  allows(request: Request): Promise<boolean>;
  /** True when `token` is the project token. */
  tokenMatches(token: string): Promise<boolean>;
  /** The `Set-Cookie` value that signs a browser in. */
  cookie(): string;
}

/**
 * Builds the session checks for a KM.
 *
 * @example
 * ```ts
 * const session = await dashboardSession(token, 5001);
 * if (!(await session.allows(request))) return loginPage();
 * ```
 */
export async function dashboardSession(token: string, port: number): Promise<DashboardSession> {
  const checkBearer = await bearerChecker(token);
  const cookieName = `sa_km_${port}`;
  const value = await sessionValue(token);
  const valueBytes = new TextEncoder().encode(value);
  const tokenDigest = await sha256(token);
  return {
    cookieName,
    async allows(request) {
      if ((await checkBearer(request.headers.get("authorization"))) === undefined) return true;
      const presented = readCookie(request.headers.get("cookie"), cookieName);
      return presented !== undefined &&
        constantTimeEqual(new TextEncoder().encode(presented), valueBytes);
    },
    async tokenMatches(candidate) {
      return constantTimeEqual(await sha256(candidate), tokenDigest);
    },
    cookie: () => `${cookieName}=${value}; Path=/; HttpOnly; SameSite=Strict`,
  };
}

/** The value of one cookie in a `Cookie` header. */
export function readCookie(header: string | null, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return rest.join("=");
  }
  return undefined;
}

async function sessionValue(token: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(token),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode("dashboard-session"));
  return btoa(String.fromCharCode(...new Uint8Array(mac))).replace(/\+/g, "-").replace(/\//g, "_")
    .replace(/=+$/, "");
}

async function sha256(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
}
