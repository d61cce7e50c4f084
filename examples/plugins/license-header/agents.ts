/**
 * The plugin's agent: `license-header-agent` runs on the plugin's own
 * executor (`provider: license-header`), so `super-agents run
 * license-header-agent`, a queued job and the pre-commit trigger all check
 * the project inside the plugin's permissions (read the project, nothing
 * else). It needs no model and no API key.
 * @module
 */

/** File name → agent definition. */
export const agentFiles: Record<string, string> = {
  "license-header-agent.md": `---
name: license-header-agent
description: Lists the project's source files that do not start with its license header (.license-header). Deterministic, no API key.
experimental:
  super-agents:
    provider: license-header
---

Check that every source file of the project starts with the license header in .license-header,
and list the files that do not.
`,
};
