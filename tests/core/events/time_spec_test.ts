/**
 * The one grammar of `--since`/`--until` (`events query`, `audit`, `cost`,
 * the MCP `event_query` tool): epoch ms, an ISO date or time, a duration ago.
 */
import assert from "node:assert/strict";
import { UsageError } from "../../../core/errors.ts";
import { parseTimeSpec } from "../../../core/events/time_spec.ts";

const now = Date.parse("2026-12-01T12:00:00Z");

Deno.test("durations count back from now", () => {
  assert.equal(parseTimeSpec("30s", now), now - 30_000);
  assert.equal(parseTimeSpec("15m", now), now - 15 * 60_000);
  assert.equal(parseTimeSpec("24h", now), now - 24 * 3_600_000);
  assert.equal(parseTimeSpec("7d", now), now - 7 * 86_400_000);
  assert.equal(parseTimeSpec("1.5h", now), now - 5_400_000);
  assert.equal(parseTimeSpec("250ms", now), now - 250);
});

Deno.test("epoch milliseconds and ISO dates are absolute", () => {
  assert.equal(parseTimeSpec("1748779200000", now), 1748779200000);
  assert.equal(parseTimeSpec("2025-06-01T12:00:00Z", now), 1748779200000);
  assert.equal(parseTimeSpec("2025-06-01", now), Date.parse("2025-06-01"));
  assert.equal(parseTimeSpec(" 2h ", now), now - 7_200_000);
});

Deno.test("anything else is a usage error naming the flag and the forms", () => {
  for (const spec of ["soon", "7w", "-2h", "", "2025-13-45"]) {
    assert.throws(() => parseTimeSpec(spec, now, "--since"), (error: unknown) => {
      assert.ok(error instanceof UsageError);
      assert.match(error.message, /--since ".*" is not a time/);
      assert.match(error.hint ?? "", /15m/);
      return true;
    }, spec);
  }
  assert.throws(() => parseTimeSpec("soon", now, "--until"), /--until "soon"/);
});
