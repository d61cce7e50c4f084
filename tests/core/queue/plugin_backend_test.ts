/**
 * `openQueue` finds a backend it does not have built in among the installed
 * plugin host's `queueBackends`, so a plugin adds one without the core
 * importing it; an unknown backend is an error naming the known ones (and,
 * in a process without a host, saying that no plugins are installed).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { defaultConfig } from "../../../core/config/schema.ts";
import { SuperAgentsError } from "../../../core/errors.ts";
import { projectPaths } from "../../../core/paths.ts";
import { installPluginHost } from "../../../core/plugin_host/current.ts";
import { PluginHost } from "../../../core/plugin_host/host.ts";
import { definePlugin } from "../../../core/plugin_host/manifest.ts";
import { openQueue } from "../../../core/queue/queue.ts";

const BACKEND = `
export function openQueue(paths, settings) {
  globalThis.memoryBackendOpened = [paths.root, settings.maxAttempts];
  return Promise.resolve({ backend: "memory", enqueueMany: (specs) => Promise.resolve([]) });
}
`;

Deno.test("without a plugin host only the built-in backend exists, and the error says so", async () => {
  const queue = { ...defaultConfig().queue, backend: "memory" as "redis" };
  await assert.rejects(
    () => openQueue(projectPaths("/p"), { queue }),
    (error: unknown) =>
      error instanceof SuperAgentsError && error.code === "QUEUE_BACKEND_UNAVAILABLE" &&
      /known: sqlite; no plugins are installed/.test(error.message),
  );
});

Deno.test("openQueue opens a plugin's backend with the project's settings", async () => {
  const dir = await Deno.makeTempDir({ prefix: "plugin-backend-" });
  try {
    await Deno.writeTextFile(join(dir, "backend.js"), BACKEND);
    installPluginHost(
      new PluginHost([{
        manifest: definePlugin({
          name: "memory-queue",
          version: "1.0.0",
          kind: "queue",
          summary: "a queue in memory",
          queueBackends: [{ name: "memory", module: new URL(`file://${dir}/backend.js`) }],
        }),
      }]),
    );
    const queue = { ...defaultConfig().queue, backend: "memory" as "redis", maxAttempts: 7 };
    const opened = await openQueue(projectPaths("/p"), { queue });
    assert.equal(opened.backend, "memory");
    assert.deepEqual(
      (globalThis as { memoryBackendOpened?: unknown }).memoryBackendOpened,
      ["/p", 7],
    );

    const unknown = { ...queue, backend: "nowhere" as "redis" };
    await assert.rejects(
      () => openQueue(projectPaths("/p"), { queue: unknown }),
      (error: unknown) =>
        error instanceof SuperAgentsError && error.code === "QUEUE_BACKEND_UNAVAILABLE" &&
        /known: sqlite, memory/.test(error.message),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
