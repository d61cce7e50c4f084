/**
 * The `notifications` plugin's manifest: posts check and task results to
 * Slack and Discord incoming webhooks, rate-limited and retried, never
 * holding up a git hook. Settings live in the `notifications` config
 * section (its schema: `config.ts`); webhook URLs may come from `SUPER_AGENTS_SLACK_WEBHOOK` and
 * `SUPER_AGENTS_DISCORD_WEBHOOK`. Senders (hooks, `check`, the worker)
 * import `notify.ts` when a webhook is configured, so an unconfigured
 * project never loads this code. Data only.
 * @module
 */

import { definePlugin } from "../../core/plugin_host/manifest.ts";

export default definePlugin({
  name: "notifications",
  version: "1.0.0",
  kind: "integration",
  summary: "Slack and Discord webhook notifications of check and task results",
  permissions: {
    net: true,
    env: ["SUPER_AGENTS_SLACK_WEBHOOK", "SUPER_AGENTS_DISCORD_WEBHOOK"],
  },
  jobListeners: [{ name: "chat", module: new URL("./job_listener.ts", import.meta.url) }],
  config: { section: "notifications", module: new URL("./config.ts", import.meta.url) },
});
