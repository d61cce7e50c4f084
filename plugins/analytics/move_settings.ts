/**
 * `upgrade`'s move of the analytics settings: earlier versions read them
 * from `.claude/analytics.json`; now they are the `analytics` section of
 * the project's `.claude/config.json`. The file's keys go into that
 * section (a key the section already sets keeps its value) and the file is
 * removed.
 * @module
 */

import { relative } from "node:path";
import { writeJsonAtomic } from "../../core/atomic_file.ts";
import { readConfigObject } from "../../core/config/config_object.ts";
import { SuperAgentsError } from "../../core/errors.ts";
import { readJsonFile } from "../../core/fs/read_json_file.ts";
import type { ProjectPaths } from "../../core/paths.ts";
import { legacyAnalyticsPath } from "./config.ts";

/** What the move did (an `upgrade` step). */
export interface MoveStep {
  kind: "update";
  path: string;
  detail: string;
}

/**
 * Moves `.claude/analytics.json` into the project's config (nothing when
 * it does not exist; nothing written when `dryRun`).
 *
 * @example
 * ```ts
 * await moveAnalyticsSettings(paths, false);
 * // { kind: "update", path: ".claude/config.json", detail: "moved .claude/analytics.json into the analytics section" }
 * ```
 */
export async function moveAnalyticsSettings(
  paths: ProjectPaths,
  dryRun: boolean,
): Promise<MoveStep | undefined> {
  const legacy = legacyAnalyticsPath(paths);
  const fix = `fix the JSON in ${legacy} or move its settings into the "analytics" section of ` +
    `${paths.config} yourself, then rerun \`super-agents upgrade\``;
  const raw = await readJsonFile(
    legacy,
    (error) =>
      new SuperAgentsError("ANALYTICS_CONFIG", `${legacy} is not valid JSON: ${error.message}`, {
        hint: fix,
      }),
  );
  if (raw === undefined) return undefined;
  if (!isObject(raw)) {
    throw new SuperAgentsError("ANALYTICS_CONFIG", `${legacy} is not a JSON object`, { hint: fix });
  }
  const file = await readConfigObject(paths.config);
  const current = file.analytics;
  if (current !== undefined && !isObject(current)) {
    throw new SuperAgentsError(
      "CONFIG_INVALID",
      `${paths.config}: key "analytics" is not an object`,
      {
        hint: `make "analytics" an object in ${paths.config}, then rerun \`super-agents upgrade\``,
      },
    );
  }
  file.analytics = merged(raw, current ?? {});
  if (!dryRun) {
    await writeJsonAtomic(paths.config, file);
    await Deno.remove(legacy);
  }
  return {
    kind: "update",
    path: relative(paths.root, paths.config),
    detail: `moved ${relative(paths.root, legacy)} into the analytics section`,
  };
}

/** `base` with `over` laid on it, objects merged key by key. */
function merged(base: Record<string, unknown>, over: Record<string, unknown>) {
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    result[key] = isObject(value) && isObject(result[key])
      ? merged(result[key] as Record<string, unknown>, value)
      : value;
  }
  return result;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
