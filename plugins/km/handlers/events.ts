/**
 * `POST /api/events`: workers on other hosts append to the project's event
 * log through the KM (bearer token required, body validated with the event
 * schema), so the project's log stays the single audit trail. The event goes
 * through the one appender, `emitEvent`, like every local producer.
 * @module
 */

import { dirname, resolve } from "node:path";
import { SuperAgentsError } from "../../../core/errors.ts";
import { EventInputSchema } from "../../../core/events/schema.ts";
import { projectPaths } from "../../../core/paths.ts";
import { defineHandler } from "./handler.ts";

/** Appends one event from a remote producer; answers its id and sequence number. */
export const emitRemoteEvent = defineHandler({
  name: "events.emit",
  description: "append one event to the project's log (remote workers report here)",
  input: EventInputSchema,
  mutates: true,
  async run(store, input) {
    // The store lives at <root>/.claude/registry/registry.db.
    const root = resolve(dirname(store.path), "..", "..");
    try {
      // Loaded on first use: the appender's graph (node:crypto among it) stays off the KM's start.
      const { emitEvent } = await import("../../../core/events/emit.ts");
      const record = await emitEvent(projectPaths(root), input);
      return { id: record.id, seq: record.seq };
    } catch (error) {
      if (!(error instanceof SuperAgentsError && error.code === "EVENT_INVALID")) throw error;
      // A payload the event type does not allow is the client's mistake: answer 400.
      throw new SuperAgentsError("KM_INVALID_INPUT", `events.emit: ${error.message}`, {
        hint: error.hint,
        exitCode: 2,
      });
    }
  },
});
