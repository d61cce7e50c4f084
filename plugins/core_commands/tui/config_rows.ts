/**
 * The configuration as `config edit` shows and checks it: one row per key
 * of the schema (the file's value, else the default), and the validator
 * that parses typed text the way `config set` does and checks the whole
 * file against the zod schema, including the port range.
 * @module
 */

import { coerce, getDotted, leafEntries, setDotted } from "../../../core/config/keys.ts";
import {
  type ConfigLayer,
  crossCheck,
  inspectLayer,
  problemsError,
} from "../../../core/config/load.ts";
import type { Config } from "../../../core/config/schema.ts";
import { configSchema } from "../../../core/config/sections.ts";
import { errorMessage } from "../../../core/errors.ts";
import type { EditCheck, EditorRow, EditValidator } from "./editor_state.ts";

function asText(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/**
 * Rows for a config file; throws the file's problems when it is invalid.
 *
 * @example
 * ```ts
 * configRows({ km: { portMax: 5200 } }, "config.json").find((r) => r.key === "km.portMax");
 * // { key: "km.portMax", text: "5200", inFile: true }
 * ```
 */
export function configRows(file: Record<string, unknown>, origin: string): EditorRow[] {
  const report = inspectLayer(file, origin);
  if (report.problems.length) throw problemsError(report.problems);
  const resolved = configSchema().parse(report.values); // with the plugins' sections
  return [...leafEntries(resolved)].map(([key, value]) => ({
    key,
    text: asText(value),
    inFile: getDotted(file, key) !== undefined,
  }));
}

/** The validator of edits to the file at `origin`. */
export function configValidator(origin: string): EditValidator {
  return (file, key, text): EditCheck => {
    let value: unknown;
    try {
      value = coerce(text, key, key);
    } catch (error) {
      return { ok: false, error: errorMessage(error) };
    }
    const next = structuredClone(file);
    setDotted(next, key, value);
    const report = inspectLayer(next, origin);
    if (report.problems.length) {
      const problem = report.problems.find((p) => p.key === key) ?? report.problems[0];
      return { ok: false, error: `${problem.key}: ${problem.message}` };
    }
    const config = configSchema().parse(report.values) as Config;
    const sources: Record<string, ConfigLayer> = {
      "km.portMin": "project",
      "km.portMax": "project",
    };
    const [cross] = crossCheck(config, sources);
    if (cross) return { ok: false, error: cross.message };
    return { ok: true, file: next, rows: configRows(next, origin) };
  };
}
