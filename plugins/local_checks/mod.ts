/**
 * The `local-checks` plugin: deterministic checks over changed files —
 * secret scan, contract guardian, file-system guardian, dependency guard —
 * run by `super-agents check` and the pre-commit gate. Settings live in the
 * `checks` config section, so the plugin takes no options of its own.
 * @module
 */

import { z } from "../../core/deps.ts";
import { definePlugin } from "../../core/plugin.ts";

export default definePlugin({
  name: "local-checks",
  kind: "agent",
  version: "1.0.0",
  summary: "secret scan, contract guardian, file-system guardian and dependency guard",
  options: z.object({}),
  defaults: {},
  setup(ctx) {
    ctx.registerCommand({
      name: "check",
      summary: "run the local checks (secrets, contracts, files, dependencies)",
      load: () => import("./check_command.ts"),
    });
  },
});
