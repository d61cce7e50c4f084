/**
 * Backends contributed from outside the core are found by `openQueue`, so a
 * plugin can add one without the core importing it.
 */
import assert from "node:assert/strict";
import { defaultConfig } from "../../../core/config/schema.ts";
import { projectPaths } from "../../../core/paths.ts";
import { contributeQueueBackend } from "../../../core/queue/backend_registry.ts";
import { openQueue, type TaskQueue } from "../../../core/queue/queue.ts";

Deno.test("openQueue: a contributed backend is opened with the project's settings", async () => {
  const seen: unknown[] = [];
  const fake = { backend: "memory" } as TaskQueue;
  contributeQueueBackend("memory", (paths, settings) => {
    seen.push(paths.root, settings.maxAttempts);
    return Promise.resolve(fake);
  });
  const config = {
    queue: { ...defaultConfig().queue, backend: "memory" as "redis", maxAttempts: 7 },
  };
  assert.equal(await openQueue(projectPaths("/p"), config), fake);
  assert.deepEqual(seen, ["/p", 7]);
});
