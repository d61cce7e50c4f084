/**
 * Event-log tools: `event_query` (filtered, newest last, archives included)
 * and `event_trace` (the tree of everything one request caused). Both read
 * through the event bus's own reader (`core/events/reader.ts`,
 * `core/events/trace.ts`) and accept the same time specs as
 * `super-agents events query --since`.
 * @module
 */

import { z } from "../../core/deps.ts";
import { eventLogPaths } from "../../core/events/event_paths.ts";
import { queryEvents } from "../../core/events/reader.ts";
import { parseTimeSpec } from "../../core/events/time_spec.ts";
import { buildTrace } from "../../core/events/trace.ts";
import { CorrelationIdSchema } from "../../core/events/schema.ts";
import type { McpServices } from "./services.ts";
import { defineTool, type McpTool } from "./tool_spec.ts";

const timeSpec = z.string().min(1).max(64)
  .describe('an ISO time, epoch ms, or a duration back from now such as "15m" or "2h"');

/** The event tools. */
export function eventTools(services: McpServices): McpTool[] {
  return [
    defineTool({
      name: "event_query",
      description:
        "Query the project's event log (types may end in * as a prefix), oldest first, at most `limit`",
      input: z.object({
        types: z.array(z.string().min(1).max(128)).max(32).optional(),
        agent: z.string().min(1).max(128).optional(),
        task: z.string().min(1).max(128).optional(),
        correlationId: CorrelationIdSchema.optional(),
        since: timeSpec.optional(),
        until: timeSpec.optional(),
        limit: z.number().int().min(1).max(1000).default(100),
      }).strict(),
      mutates: false,
      async run({ since, until, ...filter }) {
        const now = services.now();
        const events = await queryEvents(eventLogPaths(services.paths), {
          ...filter,
          since: since === undefined ? undefined : parseTimeSpec(since, now, "since"),
          until: until === undefined ? undefined : parseTimeSpec(until, now, "until"),
        });
        return { events };
      },
    }),
    defineTool({
      name: "event_trace",
      description:
        "The tree of every event one request caused, by its correlation id (toolu_...), with timings",
      input: z.object({ correlationId: CorrelationIdSchema }).strict(),
      mutates: false,
      run: ({ correlationId }) => buildTrace(eventLogPaths(services.paths), correlationId),
    }),
  ];
}
