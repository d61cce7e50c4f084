/** The injectable server logger filters by level and writes JSON lines. */
import assert from "node:assert/strict";
import { createServerLogger } from "../../../plugins/km/server_log.ts";

Deno.test("createServerLogger writes JSON lines at or above its level", () => {
  const lines: string[] = [];
  const log = createServerLogger({ component: "km", level: "warn", write: (l) => lines.push(l) });
  log.info("hidden");
  log.warn("shown", { port: 1 });
  log.error("bare");
  assert.equal(lines.length, 2);
  const [warn, error] = lines.map((line) => JSON.parse(line));
  assert.deepEqual([warn.level, warn.component, warn.msg, warn.fields], ["warn", "km", "shown", {
    port: 1,
  }]);
  assert.equal(error.fields, undefined);
  assert.ok(lines.every((line) => line.endsWith("\n")));
});
