/**
 * Which addresses the KM may bind. Loopback always; anything else serves the
 * project's knowledge to the network, so it needs an opt-in that only the
 * user at hand can give — `--allow-remote` on the command line or
 * `SUPER_AGENTS_KM_ALLOW_REMOTE=1` in their own environment — never a config
 * file, which may be committed to the repository by someone else. A KM bound
 * to a non-loopback address answers to that address too (`Host`), and wants
 * its token for reads as well as writes.
 * @module
 */

import type { ConfigLayer } from "../../core/config/load.ts";
import { SuperAgentsError } from "../../core/errors.ts";
import { join } from "../../core/light_path.ts";
import { isLoopbackHostname } from "../../core/km_client/host_guard.ts";

/** The environment variable that allows a non-loopback bind. */
export const ALLOW_REMOTE_ENV = "SUPER_AGENTS_KM_ALLOW_REMOTE";

/** An address the KM may bind, and whether it reaches other machines. */
export interface KmBind {
  host: string;
  remote: boolean;
}

/** Whether the user's environment allows a non-loopback bind (`1`, `true` or `yes`). */
export function allowRemoteFromEnv(env: (name: string) => string | undefined): boolean {
  return /^(1|true|yes)$/i.test(env(ALLOW_REMOTE_ENV) ?? "");
}

/**
 * Checks a bind address. `origin` says where `host` came from, for the error
 * (e.g. `km.host in /repo/.claude/config.json`).
 *
 * @example
 * ```ts
 * checkKmBind("127.0.0.1", { allowRemote: false, origin: "km.host" }); // { host, remote: false }
 * checkKmBind("0.0.0.0", { allowRemote: false, origin: "km.host" }); // throws KM_REMOTE_NOT_ALLOWED
 * ```
 */
export function checkKmBind(
  host: string,
  options: { allowRemote: boolean; origin: string },
): KmBind {
  if (isLoopbackHostname(host.replace(/^\[|\]$/g, ""))) return { host, remote: false };
  if (options.allowRemote) return { host, remote: true };
  const file = /^km\.host in (.+)$/.exec(options.origin)?.[1];
  throw new SuperAgentsError(
    "KM_REMOTE_NOT_ALLOWED",
    `${options.origin} is "${host}", which is not a loopback address: the KM would serve ` +
      "the project's knowledge to the network",
    {
      hint: `to serve other machines, run \`super-agents start --host ${host} --allow-remote\` ` +
        `(or set ${ALLOW_REMOTE_ENV}=1 in your own shell); otherwise ` +
        (file ? `remove km.host from ${file}` : "bind 127.0.0.1"),
      details: { key: "km.host", origin: options.origin, host },
    },
  );
}

/**
 * Where a configured `km.host` came from, for {@linkcode checkKmBind}'s error.
 *
 * @example
 * ```ts
 * hostOrigin("project", { project: paths.config, dataHome: ctx.dataHome });
 * // "km.host in /repo/.claude/config.json"
 * ```
 */
export function hostOrigin(
  layer: ConfigLayer | undefined,
  files: { project: string; dataHome: string },
): string {
  switch (layer) {
    case "project":
      return `km.host in ${files.project}`;
    case "global":
      return `km.host in ${join(files.dataHome, "config.json")}`;
    case "env":
      return "km.host (from SUPER_AGENTS_KM_HOST)";
    case "flag":
      return "--host";
    default:
      return "km.host";
  }
}

/**
 * The names a remote-enabled KM answers to besides loopback: the bound
 * address, or every interface's address for a wildcard bind.
 *
 * @example
 * ```ts
 * remoteHostNames("192.168.1.20"); // ["192.168.1.20"]
 * ```
 */
export function remoteHostNames(host: string): string[] {
  const bare = host.replace(/^\[|\]$/g, "");
  if (bare !== "0.0.0.0" && bare !== "::") return [bare];
  return Deno.networkInterfaces()
    .filter((face) => bare === "::" || face.family === "IPv4")
    .map((face) => face.address);
}
