/**
 * The `anthropic-batch` plugin's manifest: the queue's batch lane through
 * the Message Batches API — one batch per claim, polled with backoff,
 * results mapped back to jobs, errored and expired entries retried
 * individually — with the same job interface as the interactive lane.
 * Contributes `batch` (`command.ts`) and the `anthropic-batch` provider
 * (`provider.ts`). Data only.
 * @module
 */

import { definePlugin } from "../../core/plugin_host/manifest.ts";

export default definePlugin({
  name: "anthropic-batch",
  version: "1.0.0",
  kind: "provider",
  summary: "queued batch-lane jobs through the Message Batches API (half price)",
  permissions: { net: true, env: ["ANTHROPIC_API_KEY"] },
  commands: [{
    name: "batch",
    summary: "process the batch lane with the Message Batches API",
    module: new URL("./command.ts", import.meta.url),
  }],
  providers: [{
    name: "anthropic-batch",
    summary: "Message Batches API for queued batch-lane jobs (not for `run`)",
    module: new URL("./provider.ts", import.meta.url),
  }],
});
