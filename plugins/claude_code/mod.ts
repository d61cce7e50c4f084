/**
 * The `claude-code` plugin's manifest: runs agents through Claude Code
 * headless (`claude -p --output-format stream-json`) when it is installed —
 * Claude Code brings its own login, tools and permission prompts, so no API
 * key is needed here. The provider is built by `provider.ts`; the `launch`
 * command (what `super-agents` with no command runs inside a project: set
 * up, start the KM, open Claude Code) is `launch_command.ts`; `claude`
 * (Claude Code with the project's MCP server and read-only tools allowed)
 * is `claude_command.ts`. Data only.
 * @module
 */

import { definePlugin } from "../../core/plugin_host/manifest.ts";

export default definePlugin({
  name: "claude-code",
  version: "1.0.0",
  kind: "provider",
  summary: "Claude Code headless (claude -p --output-format stream-json) when installed",
  permissions: { run: ["claude"] },
  providers: [{
    name: "claude-code",
    summary: "Claude Code headless; uses its own login",
    module: new URL("./provider.ts", import.meta.url),
  }],
  commands: [{
    name: "launch",
    summary: "set up, start the KM, show status and open Claude Code (the default command)",
    module: new URL("./launch_command.ts", import.meta.url),
  }, {
    name: "claude",
    summary: "start Claude Code here with the project's MCP server and its read-only tools allowed",
    module: new URL("./claude_command.ts", import.meta.url),
  }],
});
