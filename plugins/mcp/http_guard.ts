/**
 * The MCP endpoint's DNS-rebinding and cross-site defences are the KM's own
 * (`core/km_client/host_guard.ts`, one copy for every route); this module re-exports
 * them for the MCP router and adds the MCP-specific safe-bind rule.
 * @module
 */

import { SuperAgentsError } from "../../core/errors.ts";
import { isLoopbackHostname } from "../../core/km_client/host_guard.ts";

export {
  checkHostAndOrigin,
  type GuardOptions,
  type GuardRefusal,
  isLoopbackHostname,
  LOOPBACK_HOSTNAMES,
} from "../../core/km_client/host_guard.ts";

/**
 * Refuses a bind address other than loopback when authentication is off: an
 * open MCP endpoint on a network interface lets anyone run agents.
 *
 * @example
 * ```ts
 * assertSafeBind("0.0.0.0", true); // fine: bearer auth is on
 * ```
 */
export function assertSafeBind(hostname: string, authEnabled: boolean): void {
  if (authEnabled || isLoopbackHostname(hostname)) return;
  throw new SuperAgentsError(
    "MCP_UNSAFE_BIND",
    `refusing to serve MCP on ${hostname} without authentication`,
    { hint: "bind to 127.0.0.1 (drop --host) or keep bearer-token auth on" },
  );
}
