/**
 * The `anthropic` plugin's manifest: Claude through the Messages API with a
 * real tool-use loop, streaming, extended thinking and prompt caching. Jobs
 * run in the agent's sandboxed pool worker (executor `anthropic`, served by
 * `worker.ts`), so the agent's Deno permissions bound every tool call the
 * model makes; `provider.ts` builds the provider. Data only: nothing of the
 * plugin loads until a contribution is used.
 * @module
 */

import { definePlugin } from "../../core/plugin_host/manifest.ts";

export default definePlugin({
  name: "anthropic",
  version: "1.0.0",
  kind: "provider",
  summary: "Claude via the Messages API (tool-use loop, streaming, thinking, caching)",
  // The model API's host is configurable (`pool.modelApiHost`), hence any host.
  permissions: { net: true, env: ["ANTHROPIC_API_KEY"] },
  providers: [{
    name: "anthropic",
    summary: "Messages API (@anthropic-ai/sdk), tools inside the agent's sandbox",
    module: new URL("./provider.ts", import.meta.url),
    executor: "anthropic",
  }],
  executors: [{ name: "anthropic", worker: new URL("./worker.ts", import.meta.url) }],
});
