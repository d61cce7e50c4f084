/**
 * Writing a trigger file atomically (temp file, fsync, rename), so a
 * processor never reads half a trigger. Temp files start with a dot and are
 * ignored by processors.
 * @module
 */

import { join } from "node:path";
import { writeJsonAtomic } from "../atomic_file.ts";
import { SuperAgentsError } from "../errors.ts";
import type { ProjectPaths } from "../paths.ts";
import { newUlid } from "../events/ulid.ts";
import { type Trigger, type TriggerInput, TriggerSchema } from "./schema.ts";
import { triggerName } from "./trigger_paths.ts";

/**
 * Validates and writes a trigger; returns the file's path. Names start with
 * a ULID so pending triggers are processed in the order they were written.
 *
 * @example
 * ```ts
 * await writeTrigger(paths, { type: "git.post-commit", payload: { sha: "abc123" } });
 * ```
 */
export async function writeTrigger(
  paths: Pick<ProjectPaths, "triggers">,
  input: TriggerInput,
  now: () => number = Date.now,
): Promise<string> {
  const result = TriggerSchema.safeParse({ createdAt: now(), ...input });
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new SuperAgentsError(
      "TRIGGER_INVALID",
      `invalid trigger ${issue.path.join(".") || ""}: ${issue.message}`,
      { hint: "a trigger needs at least a type such as git.post-commit", exitCode: 2 },
    );
  }
  const trigger: Trigger = result.data;
  const slug = trigger.type.replace(/[^A-Za-z0-9_-]+/g, "-").slice(0, 60);
  const path = join(paths.triggers, triggerName(`${newUlid(now())}-${slug}`, 0));
  await writeJsonAtomic(path, trigger);
  return path;
}
