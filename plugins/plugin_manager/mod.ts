/**
 * The `plugin-manager` plugin's manifest: the `plugins` command
 * (`plugins_command.ts`) adds third-party plugins after showing the
 * permissions they ask for, lists every plugin with its state, removes
 * them, and scaffolds a new one. Data only.
 * @module
 */

import { definePlugin } from "../../core/plugin_host/manifest.ts";

export default definePlugin({
  name: "plugin-manager",
  version: "1.0.0",
  kind: "integration",
  summary: "add, list, remove and scaffold third-party plugins",
  permissions: { read: true, write: true, net: true },
  commands: [{
    name: "plugins",
    summary: "add, list, remove or scaffold third-party plugins",
    module: new URL("./plugins_command.ts", import.meta.url),
  }],
  // Runs third-party plugins' executors (`<plugin>/<executor>`) inside their permissions.
  executors: [{ name: "third-party", worker: new URL("./executor_worker.ts", import.meta.url) }],
});
