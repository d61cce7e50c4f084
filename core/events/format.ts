/**
 * Human-readable rendering of events and traces for the terminal.
 * @module
 */

import type { EventRecord } from "./schema.ts";
import type { Trace, TraceNode } from "./trace.ts";

/** One event on one line: time, seq, type, labels, payload. */
export function formatEvent(event: EventRecord): string {
  const labels = [
    event.agent && `agent=${event.agent}`,
    event.task && `task=${event.task}`,
    event.correlation_id && `corr=${event.correlation_id}`,
    event.parent && `parent=${event.parent}`,
  ].filter(Boolean).join(" ");
  const payload = event.payload === undefined ? "" : ` ${JSON.stringify(event.payload)}`;
  return `${new Date(event.ts).toISOString()} #${event.seq} ${event.type}${
    labels ? " " + labels : ""
  }${payload}`;
}

/** A trace as an indented tree with offsets from the start and from each parent. */
export function formatTrace(trace: Trace): string {
  if (trace.events === 0) return `no events for ${trace.correlationId}\n`;
  const lines = [
    `trace ${trace.correlationId}: ${trace.events} event${
      trace.events === 1 ? "" : "s"
    } over ${trace.durationMs} ms`,
  ];
  const walk = (node: TraceNode, prefix: string, last: boolean, root: boolean) => {
    const branch = root ? "" : last ? "└─ " : "├─ ";
    const event = node.event;
    const who = [event.agent, event.task].filter(Boolean).join(" ");
    const delta = root ? "" : ` (+${node.sinceParentMs} ms after parent)`;
    lines.push(
      `${prefix}${branch}+${node.offsetMs} ms ${event.type}${
        who ? ` [${who}]` : ""
      } ${event.id}${delta}`,
    );
    const childPrefix = root ? prefix : prefix + (last ? "   " : "│  ");
    node.children.forEach((child, index) =>
      walk(child, childPrefix, index === node.children.length - 1, false)
    );
  };
  for (const root of trace.roots) walk(root, "", true, true);
  return lines.join("\n") + "\n";
}
