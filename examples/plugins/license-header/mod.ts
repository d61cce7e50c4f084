/**
 * The `license-header` plugin: `super-agents license-header` checks that
 * the project's source files start with the project's license header and
 * prints the ones that do not; the agent `license-header-agent` does the
 * same check as a job (`super-agents run license-header-agent`, queued
 * jobs, git triggers) on the plugin's executor. Its code only reads the
 * project, so that is all it asks for. An example of a third-party plugin:
 * super-agents reads this manifest in a sandboxed worker at `plugins add`
 * and runs the command and the executor in workers that may read the
 * project and nothing else.
 * @module
 */

import { definePlugin } from "../../../plugin.ts";

export default definePlugin({
  name: "license-header",
  version: "1.0.0",
  kind: "agent",
  summary: "checks that source files start with the project's license header",
  permissions: { read: ["."] },
  commands: [{
    name: "license-header",
    summary: "list the source files that do not start with the license header",
    module: new URL("./license_header_command.ts", import.meta.url),
  }],
  agents: [{ module: new URL("./agents.ts", import.meta.url) }],
  executors: [{
    name: "license-header",
    module: new URL("./license_header_executor.ts", import.meta.url),
  }],
});
