/**
 * `super-agents trace <correlation-id>`: the tree of every event one request
 * caused, by parent links, with timings.
 * @module
 */

import { defineCommand } from "../../core/cli/command.ts";
import { UsageError } from "../../core/errors.ts";
import { requireProject } from "../../core/paths.ts";
import { CORRELATION_ID_PATTERN } from "../../core/events/correlation.ts";
import { eventLogPaths } from "../../core/events/event_paths.ts";
import { formatTrace } from "../../core/events/format.ts";
import { buildTrace } from "../../core/events/trace.ts";

/** The `trace` command. */
export const command = defineCommand({
  name: "trace",
  summary: "show everything one request caused, as a tree with timings",
  positionals: [{
    name: "correlation-id",
    description: "the request's toolu_… id",
    required: true,
  }],
  examples: [
    "super-agents trace toolu_01AbCdEfGhIjKlMnOpQrStUv",
    "super-agents trace toolu_01AbCdEfGhIjKlMnOpQrStUv --json",
  ],
  async run(ctx, args) {
    const id = args.positionals[0];
    if (!CORRELATION_ID_PATTERN.test(id)) {
      throw new UsageError(
        `"${id}" is not a correlation id`,
        "correlation ids look like toolu_ followed by 24 letters or digits; " +
          "find one with `super-agents events query --json`",
      );
    }
    const trace = await buildTrace(eventLogPaths(requireProject(ctx)), id);
    ctx.stdout.write(ctx.json ? JSON.stringify(trace) + "\n" : formatTrace(trace));
    return trace.events === 0 ? 1 : 0;
  },
});
