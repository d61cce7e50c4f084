/**
 * DNS-rebinding and cross-site defences, for every route of the KM (the KM's
 * listener runs it before anything else) and for the MCP router. A web page
 * on a foreign site can make the victim's browser send requests to a loopback
 * server: after a DNS rebinding the `Host` header names the attacker's domain
 * (refused with 421 Misdirected Request), and a cross-site request carries
 * the foreign page's `Origin` (refused with 403). Requests without an
 * `Origin` (the CLI, agents, curl, the MCP Inspector's proxy) and same-origin
 * pages (the dashboard) pass. Light on purpose: the KM runs it before zod or
 * anything else has loaded.
 * @module
 */

/** Host names that always mean "this machine". */
export const LOOPBACK_HOSTNAMES: readonly string[] = ["localhost", "127.0.0.1", "[::1]", "::1"];

/** Whether `hostname` (no port; IPv6 with or without brackets) is a loopback name. */
export function isLoopbackHostname(hostname: string): boolean {
  const name = hostname.toLowerCase();
  return LOOPBACK_HOSTNAMES.includes(name) || /^127(\.\d{1,3}){3}$/.test(name);
}

/** Options of {@linkcode checkHostAndOrigin}. */
export interface GuardOptions {
  /**
   * The server's port: `Host` and `Origin` must name it. Without it (a
   * router that does not know where it is mounted) any port of an allowed
   * name passes, and an `Origin` must name the same host and port as `Host`.
   */
  port?: number;
  /** Extra host names (no port) accepted, e.g. the address of a remote-enabled KM. */
  allowedHosts?: readonly string[];
  /** Extra full origins (`https://app.example`) accepted in `Origin`. */
  allowedOrigins?: readonly string[];
}

/** A refused request: the status, a stable code, what was wrong and the fix. */
export interface GuardRefusal {
  status: 403 | 421;
  code: "KM_HOST_NOT_ALLOWED" | "KM_ORIGIN_NOT_ALLOWED";
  message: string;
  hint: string;
}

/**
 * Checks `Host` and `Origin`; returns `undefined` when the request may proceed.
 *
 * @example
 * ```ts
 * const refusal = checkHostAndOrigin(request, { port: 5001 });
 * if (refusal) return guardRefusalResponse(refusal);
 * ```
 */
export function checkHostAndOrigin(
  request: Request,
  options: GuardOptions = {},
): GuardRefusal | undefined {
  const host = request.headers.get("host") ?? new URL(request.url).host;
  const allowed = (options.allowedHosts ?? []).map(bracketed);
  const named = parseAuthority(host);
  if (!named || !isAllowedName(named.hostname, allowed) || !portMatches(named, options.port)) {
    return {
      status: 421,
      code: "KM_HOST_NOT_ALLOWED",
      message: `Host header "${host}" is not a name of this server`,
      hint: `connect to ${examples(options.port)}; a DNS name that points at this machine ` +
        "is refused (DNS rebinding). To serve other machines, start the KM with " +
        "`super-agents start --host <address> --allow-remote`",
    };
  }
  const origin = request.headers.get("origin");
  if (origin === null || (options.allowedOrigins ?? []).includes(origin)) return undefined;
  const from = originAuthority(origin);
  const port = options.port ?? named.port;
  if (from && isAllowedName(from.hostname, allowed) && from.port === port) return undefined;
  return {
    status: 403,
    code: "KM_ORIGIN_NOT_ALLOWED",
    message: `Origin "${origin}" is not allowed to call this server`,
    hint: "only pages served by this KM itself (its dashboard) may call it from a browser; " +
      "call it from the CLI, an agent or a script (no Origin header) instead",
  };
}

/**
 * The JSON answer for a refusal: `{ error: { code, message, hint } }`.
 *
 * @example
 * ```ts
 * const refusal = checkHostAndOrigin(request, { port });
 * if (refusal) return guardRefusalResponse(refusal);
 * ```
 */
export function guardRefusalResponse(refusal: GuardRefusal): Response {
  const { status, code, message, hint } = refusal;
  return Response.json({ error: { code, message, hint } }, { status });
}

interface Authority {
  hostname: string;
  /** Explicit or the scheme's default. */
  port: number;
}

function parseAuthority(host: string): Authority | undefined {
  try {
    const url = new URL(`http://${host}`);
    if (url.username || url.password || url.pathname !== "/" || url.search || url.hash) {
      return undefined;
    }
    return { hostname: url.hostname.toLowerCase(), port: Number(url.port || 80) };
  } catch {
    return undefined; // an unparsable Host header is refused by the caller
  }
}

function originAuthority(origin: string): Authority | undefined {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return undefined; // "null" (sandboxed frames, file: pages) and garbage are refused
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return undefined;
  const fallback = url.protocol === "https:" ? 443 : 80;
  return { hostname: url.hostname.toLowerCase(), port: Number(url.port || fallback) };
}

function isAllowedName(hostname: string, allowed: readonly string[]): boolean {
  return isLoopbackHostname(hostname) || allowed.includes(hostname);
}

function portMatches(named: Authority, port: number | undefined): boolean {
  return port === undefined || named.port === port;
}

/** `::1` → `[::1]`, the form `URL.hostname` gives IPv6 addresses in. */
function bracketed(name: string): string {
  const lower = name.toLowerCase();
  return lower.includes(":") && !lower.startsWith("[") ? `[${lower}]` : lower;
}

function examples(port: number | undefined): string {
  const suffix = port === undefined ? "" : `:${port}`;
  return `http://127.0.0.1${suffix} (or localhost${suffix}, [::1]${suffix})`;
}
