import assert from "node:assert/strict";
import { parseRetryAfter } from "../../../core/router/retry_after.ts";

const headers = (values: Record<string, string>) => new Headers(values);

Deno.test("retry-after in seconds, milliseconds and as an HTTP date", () => {
  assert.equal(parseRetryAfter(headers({ "retry-after": "2" }), 0), 2000);
  assert.equal(parseRetryAfter(headers({ "retry-after-ms": "150" }), 0), 150);
  const now = Date.parse("2026-11-28T00:00:00Z");
  assert.equal(
    parseRetryAfter(headers({ "retry-after": "Sat, 28 Nov 2026 00:00:05 GMT" }), now),
    5000,
  );
  assert.equal(parseRetryAfter(headers({ "retry-after": "soon" }), 0), null);
  assert.equal(parseRetryAfter(headers({}), 0), null);
  assert.equal(parseRetryAfter(undefined, 0), null);
});
