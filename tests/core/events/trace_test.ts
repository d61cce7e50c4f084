/** Traces: the tree of one request by parent links, with timings. */

import { deepEqual, equal } from "node:assert/strict";
import { EventAppender } from "../../../core/events/appender.ts";
import { newCorrelationId } from "../../../core/events/correlation.ts";
import { formatTrace } from "../../../core/events/format.ts";
import { buildTrace } from "../../../core/events/trace.ts";
import { logFixture, testSettings } from "./fixtures.ts";

Deno.test("a trace follows parent links, sub-requests and archives, with offsets", async () => {
  const fx = await logFixture();
  let now = 1_000_000;
  const appender = new EventAppender(fx.files, testSettings, () => now);
  try {
    const request = newCorrelationId();
    const child = newCorrelationId();
    const root = await appender.append({ type: "req.received", correlation_id: request });
    await appender.append({ type: "noise", correlation_id: newCorrelationId() });
    now += 10;
    const plan = await appender.append({ type: "plan", correlation_id: request, parent: root.id });
    await appender.rotate();
    now += 25;
    const sub = await appender.append({
      type: "agent.call",
      correlation_id: child,
      parent: plan.id,
    });
    now += 5;
    await appender.append({ type: "agent.done", correlation_id: child, parent: sub.id });
    await appender.append({ type: "req.log", correlation_id: request });
    const trace = await buildTrace(fx.files, request);
    equal(trace.events, 5);
    equal(trace.durationMs, 40);
    deepEqual(trace.roots.map((node) => node.event.type), ["req.received", "req.log"]);
    const planNode = trace.roots[0].children[0];
    equal(planNode.offsetMs, 10);
    equal(planNode.children[0].event.type, "agent.call");
    equal(planNode.children[0].sinceParentMs, 25);
    equal(planNode.children[0].children[0].event.type, "agent.done");
    const text = formatTrace(trace);
    equal(text.split("\n")[0], `trace ${request}: 5 events over 40 ms`);
  } finally {
    await appender.close();
    await fx.cleanup();
  }
});

Deno.test("an unknown correlation id gives an empty trace", async () => {
  const fx = await logFixture(3);
  try {
    const trace = await buildTrace(fx.files, newCorrelationId());
    equal(trace.events, 0);
    deepEqual(trace.roots, []);
  } finally {
    await fx.cleanup();
  }
});
