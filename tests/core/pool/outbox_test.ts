/** Messages produced in one turn travel together, in order; a lone one travels as itself. */
import { deepEqual } from "node:assert/strict";
import { Outbox } from "../../../core/pool/outbox.ts";

Deno.test("outbox: one post per turn, a batch for several messages, in order", async () => {
  const posted: unknown[] = [];
  const outbox = new Outbox<{ n: number }>((message) => posted.push(message));
  outbox.add({ n: 1 });
  outbox.add({ n: 2 });
  outbox.add({ n: 3 });
  deepEqual(posted, []); // nothing leaves before the turn ends
  await Promise.resolve();
  deepEqual(posted, [{ type: "batch", messages: [{ n: 1 }, { n: 2 }, { n: 3 }] }]);
  outbox.add({ n: 4 });
  await Promise.resolve();
  deepEqual(posted.at(-1), { n: 4 });
  outbox.flush(); // nothing queued: nothing posted
  deepEqual(posted.length, 2);
});
