/** The runner loop's sleep: cut short by a wake, a wake while awake is remembered. */
import assert from "node:assert/strict";
import { Wakeup } from "../../../core/orchestration/wakeup.ts";

Deno.test("wakeup: a timed sleep ends by itself or at a wake; an untimed one only at a wake", async () => {
  const wakeup = new Wakeup();
  const start = performance.now();
  await wakeup.sleep(20);
  assert.ok(performance.now() - start >= 15);

  let woke = false;
  const untimed = wakeup.sleep().then(() => woke = true);
  await new Promise((resolve) => setTimeout(resolve, 30));
  assert.equal(woke, false); // no timer ends it
  wakeup.wake();
  await untimed;
  assert.equal(woke, true);

  wakeup.wake(); // while awake: the next sleep returns at once
  const early = performance.now();
  await wakeup.sleep(10_000);
  assert.ok(performance.now() - early < 1_000);
});
