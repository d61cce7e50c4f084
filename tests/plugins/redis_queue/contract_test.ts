/**
 * The shared queue contract (tests/core/queue/contract.ts), unchanged, on the
 * Redis backend opened through `openQueue` with `queue.backend: redis`.
 */
import { projectPaths } from "../../../core/paths.ts";
import { openQueue } from "../../../core/queue/queue.ts";
import { installBuiltinPlugins } from "../../../plugins/builtin.ts";
import { queueContract } from "../../core/queue/contract.ts";
import { dropQueueKeys, REDIS_URL, redisSettings, SKIP_REASON } from "./redis_fixture.ts";

installBuiltinPlugins(); // `queue.backend: redis` is the redis-queue plugin's contribution

if (REDIS_URL) {
  queueContract("redis", async (overrides) => {
    const settings = redisSettings(overrides);
    const queue = await openQueue(projectPaths("/tmp/unused"), { queue: settings });
    return { queue, cleanup: () => dropQueueKeys(settings.redisUrl, settings.redisQueue!) };
  });
} else {
  Deno.test({ name: "queue contract [redis]: skipped", ignore: true, fn() {} });
  console.warn(SKIP_REASON);
}
