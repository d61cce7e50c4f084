/**
 * The tree of everything one request caused: all events carrying the
 * correlation id, plus events whose `parent` points at one of them (an event
 * id or the correlation id itself), transitively — including sub-requests
 * with their own correlation ids. Read in one streaming pass (children are
 * written after their parents).
 * @module
 */

import type { EventLogPaths } from "./event_paths.ts";
import { readEvents } from "./reader.ts";
import type { EventRecord } from "./schema.ts";

/** One node of a trace. */
export interface TraceNode {
  event: EventRecord;
  /** Milliseconds since the trace's first event. */
  offsetMs: number;
  /** Milliseconds since the parent event (0 for roots). */
  sinceParentMs: number;
  children: TraceNode[];
}

/** A whole trace. */
export interface Trace {
  correlationId: string;
  roots: TraceNode[];
  events: number;
  /** From the first to the last event, in ms. */
  durationMs: number;
}

/**
 * Builds the trace of `correlationId`.
 *
 * @example
 * ```ts
 * const trace = await buildTrace(eventLogPaths(paths), "toolu_...");
 * console.log(trace.events, "events over", trace.durationMs, "ms");
 * ```
 */
export async function buildTrace(files: EventLogPaths, correlationId: string): Promise<Trace> {
  const correlations = new Set([correlationId]);
  const ids = new Set<string>();
  const events: EventRecord[] = [];
  for await (const event of readEvents(files)) {
    const linked = event.parent !== undefined &&
      (ids.has(event.parent) || correlations.has(event.parent));
    if (!linked && !(event.correlation_id && correlations.has(event.correlation_id))) continue;
    events.push(event);
    ids.add(event.id);
    if (linked && event.correlation_id) correlations.add(event.correlation_id);
  }
  return assemble(correlationId, events);
}

/** Arranges events into a tree by their parent links. */
export function assemble(correlationId: string, events: EventRecord[]): Trace {
  const start = events.reduce((min, event) => Math.min(min, event.ts), events[0]?.ts ?? 0);
  const nodes = new Map<string, TraceNode>();
  for (const event of events) {
    nodes.set(event.id, { event, offsetMs: event.ts - start, sinceParentMs: 0, children: [] });
  }
  const roots: TraceNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.event.parent !== undefined ? nodes.get(node.event.parent) : undefined;
    if (parent && parent !== node) {
      node.sinceParentMs = node.event.ts - parent.event.ts;
      parent.children.push(node);
    } else roots.push(node);
  }
  const end = events.reduce((max, event) => Math.max(max, event.ts), start);
  return { correlationId, roots, events: events.length, durationMs: end - start };
}
