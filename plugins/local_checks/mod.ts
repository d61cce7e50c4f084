/**
 * The `local-checks` plugin's manifest: deterministic checks over changed
 * files — secret scan, contract guardian, file-system guardian, dependency
 * guard — run by `super-agents check` (`check_command.ts`) and the
 * pre-commit gate. Settings live in the `checks` config section. Data only.
 * @module
 */

import { definePlugin } from "../../core/plugin_host/manifest.ts";

export default definePlugin({
  name: "local-checks",
  version: "1.0.0",
  kind: "agent",
  summary: "secret-scan, contract-guardian-check, filesystem-guardian-check, dependency-check",
  permissions: { read: true, run: ["git"] },
  commands: [{
    name: "check",
    summary: "run the local checks (secrets, contracts, files, dependencies)",
    module: new URL("./check_command.ts", import.meta.url),
  }],
});
