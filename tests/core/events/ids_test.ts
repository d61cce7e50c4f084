/** Ids and canonical JSON: ULIDs, correlation ids, canonical serialisation. */

import { equal, match, notEqual, ok, throws } from "node:assert/strict";
import { canonicalJson } from "../../../core/events/canonical_json.ts";
import {
  CORRELATION_ID_PATTERN,
  correlationIdFrom,
  newCorrelationId,
} from "../../../core/events/correlation.ts";
import { newUlid, ULID_PATTERN, ulidTime } from "../../../core/events/ulid.ts";

Deno.test("ULIDs encode their time, sort by time and increase within a millisecond", () => {
  const a = newUlid(1_700_000_000_000);
  const b = newUlid(1_700_000_000_000);
  const c = newUlid(1_700_000_000_001);
  match(a, ULID_PATTERN);
  equal(ulidTime(a), 1_700_000_000_000);
  ok(a < b && b < c);
  equal(new Set(Array.from({ length: 1000 }, () => newUlid())).size, 1000);
});

Deno.test("correlation ids have the MCP toolu_ form; derived ones are stable", () => {
  match(newCorrelationId(), CORRELATION_ID_PATTERN);
  notEqual(newCorrelationId(), newCorrelationId());
  equal(correlationIdFrom("session-1"), correlationIdFrom("session-1"));
  notEqual(correlationIdFrom("session-1"), correlationIdFrom("session-2"));
  match(correlationIdFrom("session-1"), CORRELATION_ID_PATTERN);
});

Deno.test("canonical JSON sorts keys at every level and drops undefined", () => {
  equal(
    canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: undefined } }),
    '{"a":{"d":[1,{"x":1,"y":2}]},"b":1}',
  );
  equal(canonicalJson([undefined, NaN, "é\n"]), '[null,null,"é\\n"]');
  equal(canonicalJson({ when: new Date(0) }), '{"when":"1970-01-01T00:00:00.000Z"}');
  throws(() => canonicalJson(10n));
});
