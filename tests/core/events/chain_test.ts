/** `chainEvent` (the append fast path) writes exactly the canonical line `serializeEvent` defines. */
import { deepEqual, equal } from "node:assert/strict";
import { chainEvent, serializeEvent, splitLine } from "../../../core/events/chain.ts";
import { canonicalJson } from "../../../core/events/canonical_json.ts";
import type { EventDraft } from "../../../core/events/schema.ts";

const drafts: EventDraft[] = [
  { type: "plain" },
  { type: "sorted", payload: { a: 1, b: [1, { x: 1, y: 2 }] } },
  { type: "unsorted", agent: "dev", task: "T1", payload: { z: 1, a: { d: 4, c: 3 } } },
  { type: "dated", correlation_id: "toolu_x", parent: "p", payload: { when: new Date(0) } },
  { type: "odd", payload: [NaN, undefined, "é\n"] },
  { type: "extra", ...({ custom: { b: 2, a: 1 } } as Record<string, unknown>) } as EventDraft,
  { type: "dropped", payload: () => 1, agent: undefined } as unknown as EventDraft,
  { type: "silent", payload: { toJSON: () => undefined }, task: "t" },
  { type: "odd labels", agent: 7, parent: null } as unknown as EventDraft,
  { type: "object label", agent: { b: 1, a: 2 }, payload: { a: 1 } } as unknown as EventDraft,
  { type: "array task", task: [{ b: 1, a: 2 }] } as unknown as EventDraft,
  { type: "escapes", agent: 'quo"te\\', task: "\u2028", payload: { "é": 1, e: 2, E: 3 } },
];

Deno.test("chainEvent gives the canonical line and the chained hash for every kind of draft", () => {
  const prev = "a".repeat(64);
  for (const draft of drafts) {
    const { record, line, hash } = chainEvent(draft, "01JABCDEFGHJKMNPQRSTVWXYZ0", 5, 7, prev);
    const reference = serializeEvent({ ...record, hash: undefined } as never);
    equal(line, reference.line, draft.type);
    equal(hash, reference.hash, draft.type);
    equal(record.hash, hash);
    const parts = splitLine(line)!;
    equal(parts.content, canonicalJson({ ...record, hash: undefined }));
    deepEqual(JSON.parse(line).seq, 7);
  }
});
