/**
 * DNS-rebinding and cross-site defences for the MCP HTTP endpoint. A browser
 * page on a foreign site can make a victim's browser send requests to a
 * loopback server; the `Host` header (which names the attacker's domain after
 * a rebinding) and the `Origin` header (which names the foreign page) give it
 * away. We accept requests without an `Origin` (CLI tools, the Messages API
 * connector, the MCP Inspector's proxy) and same-origin loopback pages only.
 * @module
 */

import { SuperAgentsError } from "../../core/errors.ts";

/** Host names that always mean "this machine". */
export const LOOPBACK_HOSTNAMES: readonly string[] = ["localhost", "127.0.0.1", "[::1]", "::1"];

/** Whether `hostname` (no port; IPv6 with or without brackets) is a loopback name. */
export function isLoopbackHostname(hostname: string): boolean {
  const name = hostname.toLowerCase();
  return LOOPBACK_HOSTNAMES.includes(name) || /^127(\.\d{1,3}){3}$/.test(name);
}

/** Options of {@linkcode checkRequestOrigin}. */
export interface GuardOptions {
  /** Extra host names (no port) accepted in `Host`, e.g. the `--host` a KM was bound to. */
  allowedHosts?: readonly string[];
  /** Extra full origins (`https://app.example`) accepted in `Origin`. */
  allowedOrigins?: readonly string[];
}

/** A refused request: the status and why. */
export interface GuardRefusal {
  status: 403;
  reason: string;
}

/**
 * Checks `Host` and `Origin`; returns `undefined` when the request may proceed.
 *
 * @example
 * ```ts
 * const refusal = checkRequestOrigin(req);
 * if (refusal) return new Response(refusal.reason, { status: refusal.status });
 * ```
 */
export function checkRequestOrigin(
  req: Request,
  options: GuardOptions = {},
): GuardRefusal | undefined {
  const host = req.headers.get("host") ?? new URL(req.url).host;
  const hostname = hostnameOf(host);
  const allowedHosts = (options.allowedHosts ?? []).map((h) => h.toLowerCase());
  if (
    hostname === undefined || !(isLoopbackHostname(hostname) || allowedHosts.includes(hostname))
  ) {
    return { status: 403, reason: `Host header "${host}" is not a name of this server` };
  }
  const origin = req.headers.get("origin");
  if (origin === null) return undefined;
  if ((options.allowedOrigins ?? []).includes(origin)) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return { status: 403, reason: `Origin "${origin}" is not a URL` };
  }
  if (parsed.host.toLowerCase() === host.toLowerCase() && isLoopbackHostname(parsed.hostname)) {
    return undefined;
  }
  return { status: 403, reason: `Origin "${origin}" is not allowed to call this server` };
}

/**
 * Refuses a bind address other than loopback when authentication is off: an
 * open MCP endpoint on a network interface lets anyone run agents.
 */
export function assertSafeBind(hostname: string, authEnabled: boolean): void {
  if (authEnabled || isLoopbackHostname(hostname)) return;
  throw new SuperAgentsError(
    "MCP_UNSAFE_BIND",
    `refusing to serve MCP on ${hostname} without authentication`,
    { hint: "bind to 127.0.0.1 (drop --host) or keep bearer-token auth on" },
  );
}

function hostnameOf(host: string): string | undefined {
  try {
    return new URL(`http://${host}`).hostname.toLowerCase();
  } catch {
    return undefined; // an unparsable Host header is refused by the caller
  }
}
