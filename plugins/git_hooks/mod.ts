/**
 * The `git-hooks` plugin's manifest: installs the hooks (`hooks
 * install|uninstall|status`) and runs them (`hook <name>`, hidden plumbing
 * the installed hooks call): the pre-commit gate, the commit-message scan,
 * pre-push checks, and agents queued after commits and merges. Settings
 * live in the `hooks` config section. Data only.
 * @module
 */

import { definePlugin } from "../../core/plugin_host/manifest.ts";

export default definePlugin({
  name: "git-hooks",
  version: "1.0.0",
  kind: "integration",
  summary: "git hooks: pre-commit gate, queued post-commit agents, pre-push checks",
  permissions: { read: true, write: true, run: ["git"] },
  commands: [
    {
      name: "hooks",
      summary: "install, remove or inspect the git hooks",
      module: new URL("./hooks_command.ts", import.meta.url),
    },
    {
      name: "hook",
      summary: "run one git hook (called by the installed hooks)",
      module: new URL("./hook_command.ts", import.meta.url),
      hidden: true,
    },
  ],
});
