/**
 * The `doctor` plugin's manifest: the `doctor` command and its own checks,
 * in the order they run (other plugins' checks, such as the Redis queue's,
 * come after, in plugin order). Each check module exports `check`; add a
 * line here to add a check. Data only.
 * @module
 */

import { definePlugin } from "../../core/plugin_host/manifest.ts";

export default definePlugin({
  name: "doctor",
  version: "1.0.0",
  kind: "integration",
  summary: "diagnose the installation and the project, and suggest or apply fixes",
  commands: [{
    name: "doctor",
    summary: "diagnose and suggest fixes",
    module: new URL("./commands/doctor.ts", import.meta.url),
  }],
  doctorChecks: [
    { id: "deno-version", module: new URL("./deno_version_check.ts", import.meta.url) },
    { id: "install", module: new URL("./install_check.ts", import.meta.url) },
    { id: "config", module: new URL("./global_config_check.ts", import.meta.url) },
    { id: "project-dirs", module: new URL("./project_dirs_check.ts", import.meta.url) },
    { id: "km-stale-state", module: new URL("./km_stale_state_check.ts", import.meta.url) },
    { id: "km-dead", module: new URL("./km_dead_check.ts", import.meta.url) },
    { id: "km-port-conflict", module: new URL("./km_port_conflict_check.ts", import.meta.url) },
    { id: "database", module: new URL("./database_check.ts", import.meta.url) },
    { id: "event-chain", module: new URL("./event_chain_check.ts", import.meta.url) },
    { id: "audit-chain", module: new URL("./audit_chain_check.ts", import.meta.url) },
    { id: "disk-space", module: new URL("./disk_space_check.ts", import.meta.url) },
    { id: "api-key", module: new URL("./api_key_check.ts", import.meta.url) },
    { id: "containment", module: new URL("./containment_check.ts", import.meta.url) },
    { id: "claude-code", module: new URL("./claude_code_check.ts", import.meta.url) },
    { id: "git-hooks", module: new URL("./git_hooks_check.ts", import.meta.url) },
    { id: "autonomy", module: new URL("./autonomy_check.ts", import.meta.url) },
  ],
});
