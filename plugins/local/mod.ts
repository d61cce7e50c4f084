/**
 * The `local` plugin's manifest: deterministic agents that need no model and
 * no API key (the test runner, and the local checks). Each is usable on its
 * own (`super-agents run test-executor-check`); their definitions join the catalog
 * (`agents/mod.ts`), the provider is built by `provider.ts`, and queued jobs
 * run on the `local` executor (`worker.ts`). Data only.
 * @module
 */

import { definePlugin } from "../../core/plugin_host/manifest.ts";

export default definePlugin({
  name: "local",
  version: "1.0.0",
  kind: "provider",
  summary: "deterministic agents without a model (test runner, local checks)",
  permissions: { read: true, run: true },
  agents: [{ module: new URL("./agents/mod.ts", import.meta.url) }],
  providers: [{
    name: "local",
    summary: "runs deterministic agents in-process, no API key",
    module: new URL("./provider.ts", import.meta.url),
    executor: "local",
  }],
  executors: [{ name: "local", worker: new URL("./worker.ts", import.meta.url) }],
});
