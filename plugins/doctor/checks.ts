/**
 * The table of `doctor` checks, run in this order. Each entry loads one
 * small module exporting `check`; add a line here to add a check. Plugins
 * contribute their own as `doctorChecks` in their manifests, read from the
 * installed plugin host (the core never imports them); those run after the
 * built-in ones.
 * @module
 */

import { pluginHost } from "../../core/plugin_host/current.ts";
import type { DoctorCheck } from "./check.ts";

/** A lazily loaded check. */
export interface CheckEntry {
  id: string;
  load: () => Promise<{ check: DoctorCheck }>;
}

/** Every built-in doctor check. */
export const doctorChecks: CheckEntry[] = [
  { id: "deno-version", load: () => import("./deno_version_check.ts") },
  { id: "install", load: () => import("./install_check.ts") },
  { id: "config", load: () => import("./global_config_check.ts") },
  { id: "project-dirs", load: () => import("./project_dirs_check.ts") },
  { id: "km-stale-state", load: () => import("./km_stale_state_check.ts") },
  { id: "km-dead", load: () => import("./km_dead_check.ts") },
  { id: "km-port-conflict", load: () => import("./km_port_conflict_check.ts") },
  { id: "database", load: () => import("./database_check.ts") },
  { id: "event-chain", load: () => import("./event_chain_check.ts") },
  { id: "audit-chain", load: () => import("./audit_chain_check.ts") },
  { id: "disk-space", load: () => import("./disk_space_check.ts") },
  { id: "api-key", load: () => import("./api_key_check.ts") },
  { id: "containment", load: () => import("./containment_check.ts") },
  { id: "claude-code", load: () => import("./claude_code_check.ts") },
  { id: "git-hooks", load: () => import("./git_hooks_check.ts") },
  { id: "autonomy", load: () => import("./autonomy_check.ts") },
];

/**
 * The built-in checks followed by those of the installed plugins.
 *
 * @example
 * ```ts
 * const findings = await runChecks(env, allDoctorChecks());
 * ```
 */
export function allDoctorChecks(): CheckEntry[] {
  const contributed = pluginHost().doctorChecks().map((entry): CheckEntry => ({
    id: entry.contribution.id,
    load: () => entry.load<{ check: DoctorCheck }>(),
  }));
  return [...doctorChecks, ...contributed];
}
