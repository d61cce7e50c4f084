/**
 * The `notifications` plugin: posts check and task results to Slack and
 * Discord incoming webhooks, rate-limited and retried, never holding up a
 * git hook. Settings live in the `notifications` config section; webhook
 * URLs may come from `SUPER_AGENTS_SLACK_WEBHOOK` and
 * `SUPER_AGENTS_DISCORD_WEBHOOK` (the credential store will supply them
 * later). Senders call {@linkcode notifyAll} from `notify.ts`.
 * @module
 */

import { z } from "../../core/deps.ts";
import { definePlugin } from "../../core/plugin.ts";

export default definePlugin({
  name: "notifications",
  kind: "integration",
  version: "1.0.0",
  summary: "Slack and Discord webhook notifications of check and task results",
  options: z.object({}),
  defaults: {},
  setup() {
    // Nothing to register: senders (hooks, `check`, the worker) import notify.ts lazily when a
    // webhook is configured, so an unconfigured project never loads this code.
  },
});
