/** One timer for many deadlines: each task expires at its own time, removed ones never do. */
import { deepEqual } from "node:assert/strict";
import { Deadlines } from "../../../core/pool/deadlines.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

Deno.test("deadlines: a shorter deadline added later fires first; removed ones never fire", async () => {
  const expired: string[] = [];
  const deadlines = new Deadlines<string, number>((key, value) => expired.push(`${key}:${value}`));
  deadlines.add("long", 400, 1);
  deadlines.add("short", 30, 2);
  deadlines.add("removed", 60, 3);
  deadlines.add("middle", 120, 4);
  deadlines.remove("removed");
  await sleep(90);
  deepEqual(expired, ["short:2"]);
  await sleep(100);
  deepEqual(expired, ["short:2", "middle:4"]);
  deadlines.remove("long"); // the last one: no timer is left to keep the process alive
  await sleep(50);
  deepEqual(expired, ["short:2", "middle:4"]);
});
