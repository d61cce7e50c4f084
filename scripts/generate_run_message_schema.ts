/**
 * Writes `core/pool/run_message.schema.json`: the JSON Schema of the pool's
 * `run`, `batch` and `call-slot` messages, derived from `RunMessageSchema` and
 * `RunBatchSchema` in `core/pool/protocol.ts`, which pool workers check
 * without loading zod (`core/pool/run_message_check.ts`). Run it after
 * changing those schemas; `tests/core/pool/run_message_check_test.ts` fails
 * while the file is stale.
 * @module
 */

import { z } from "../core/deps.ts";
import { CallSlotReplySchema, RunBatchSchema, RunMessageSchema } from "../core/pool/protocol.ts";

/** The file's content for the current schemas. */
export function runMessageSchemaJson(): string {
  const schemas = {
    run: z.toJSONSchema(RunMessageSchema, { io: "input" }),
    batch: z.toJSONSchema(RunBatchSchema, { io: "input" }),
    callSlot: z.toJSONSchema(CallSlotReplySchema, { io: "input" }),
  };
  return JSON.stringify(schemas, null, 2) + "\n";
}

/** Where the file lives. */
export const runMessageSchemaPath = new URL(
  "../core/pool/run_message.schema.json",
  import.meta.url,
);

if (import.meta.main) {
  await Deno.writeTextFile(runMessageSchemaPath, runMessageSchemaJson());
  console.log(`wrote ${runMessageSchemaPath.pathname}`);
}
