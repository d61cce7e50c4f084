/**
 * The `profile` plugin's manifest: runs one task with OpenTelemetry on and
 * shows where the time went. Data only.
 * @module
 */

import { definePlugin } from "../../core/plugin_host/manifest.ts";

export default definePlugin({
  name: "profile",
  version: "1.0.0",
  kind: "integration",
  summary: "run one task and show where the time went",
  commands: [{
    name: "profile",
    summary: "run one task and show where the time went",
    module: new URL("./commands/profile.ts", import.meta.url),
  }],
});
