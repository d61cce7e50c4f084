/**
 * The sandbox an agent's worker gets: the agent's own permissions, plus
 * exactly what its provider needs to reach the model — network to the API
 * host (and the KM's loopback port for the knowledge tools) and read access
 * to the few `ANTHROPIC_*` variables the SDK insists on reading. The API key
 * itself is handed over in the task, never through the environment.
 * @module
 */

import type { SandboxSpec } from "../core/pool/sandbox.ts";
import type { AgentPermissions } from "./definition_schema.ts";

/** Variables `@anthropic-ai/sdk` reads unconditionally when a client is built. */
export const SDK_ENV_NAMES: readonly string[] = [
  "ANTHROPIC_CUSTOM_HEADERS",
  "ANTHROPIC_OPEN_TELEMETRY",
  "ANTHROPIC_OPEN_TELEMETRY_PROPAGATION",
  "ANTHROPIC_OPEN_TELEMETRY_TRACES_CONTENT_MODE",
  "ANTHROPIC_OPEN_TELEMETRY_TRACES_MAX_CONTENT_BYTES",
];

/** Variables the `yaml` package reads whenever it parses (its debug switches). */
export const YAML_ENV_NAMES: readonly string[] = ["LOG_TOKENS", "LOG_STREAM"];

function plus(grant: boolean | string[], extra: readonly string[]): boolean | string[] {
  if (grant === true) return true;
  return [...new Set([...(grant || []), ...extra])];
}

/** The `host:port` (or host) of an API base URL, for the net permission. */
export function apiHost(baseURL: string | undefined): string {
  if (!baseURL) return "api.anthropic.com";
  const url = new URL(baseURL);
  return url.port ? `${url.hostname}:${url.port}` : url.hostname;
}

/**
 * The worker sandbox of an agent run.
 *
 * @example
 * ```ts
 * agentSandbox(agent.permissions, { hosts: ["api.anthropic.com"], env: SDK_ENV_NAMES });
 * ```
 */
export function agentSandbox(
  permissions: AgentPermissions,
  extra: { hosts: string[]; env: readonly string[] },
): SandboxSpec {
  return {
    read: permissions.read,
    write: permissions.write,
    run: permissions.run,
    net: plus(permissions.net, extra.hosts),
    env: plus(permissions.env, extra.env),
    workspace: false,
  };
}
