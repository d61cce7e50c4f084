/** Following the live log yields new events, also across a rotation. */

import { deepEqual } from "node:assert/strict";
import { EventAppender } from "../../../core/events/appender.ts";
import { followEvents } from "../../../core/events/follow.ts";
import { logFixture, testSettings } from "./fixtures.ts";

Deno.test("follow yields appended events and continues after rotation", async () => {
  const fx = await logFixture(2);
  const appender = new EventAppender(fx.files, testSettings);
  const stop = new AbortController();
  try {
    const seen: string[] = [];
    const following = (async () => {
      for await (const event of followEvents(fx.files, { intervalMs: 10, signal: stop.signal })) {
        seen.push(event.type);
        if (event.type === "f.last") stop.abort();
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 50)); // follower has reached the end
    await appender.append({ type: "f.one" });
    await appender.rotate();
    await appender.append({ type: "f.last" });
    await following;
    deepEqual(seen, ["f.one", "events.rotated", "f.last"]);
  } finally {
    stop.abort();
    await appender.close();
    await fx.cleanup();
  }
});
