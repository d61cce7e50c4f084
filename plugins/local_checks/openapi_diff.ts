/**
 * OpenAPI contract changes: compares the paths and operations of the previous
 * and the new version of a spec (`openapi.json|yaml`, `swagger.*`,
 * `*.openapi.*`) and reports every removed path and removed operation — the
 * changes that break existing clients.
 * @module
 */

import { lineLocator, textOf } from "./file_text.ts";
import type { ChangedFile, Finding } from "./types.ts";

const SPEC_PATH =
  /(?:^|\/)(?:(?:openapi|swagger)[^/]*|[^/]+\.(?:openapi|swagger))\.(?:json|ya?ml)$/i;
const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** True for file names that hold an OpenAPI or Swagger spec. */
export function isOpenApiPath(path: string): boolean {
  return SPEC_PATH.test(path);
}

/** Path → its HTTP methods, from a parsed spec (empty when the document has no `paths`). */
export function operationsOf(spec: unknown): Map<string, Set<string>> {
  const operations = new Map<string, Set<string>>();
  const paths = (spec as { paths?: unknown } | null)?.paths;
  if (paths === null || typeof paths !== "object") return operations;
  for (const [path, item] of Object.entries(paths as Record<string, unknown>)) {
    const methods = new Set<string>();
    if (item !== null && typeof item === "object") {
      for (const key of Object.keys(item)) {
        if (METHODS.includes(key.toLowerCase())) methods.add(key);
      }
    }
    operations.set(path, methods);
  }
  return operations;
}

async function parseSpec(path: string, text: string): Promise<unknown> {
  if (path.toLowerCase().endsWith(".json")) return JSON.parse(text);
  const { parseYaml } = await import("./deps.ts");
  return parseYaml(text);
}

/**
 * Findings for one changed spec file: removed paths and operations, or a
 * spec that no longer parses.
 *
 * @example
 * ```ts
 * await openApiFindings(file); // [{ rule: "openapi-removed-path", ... }]
 * ```
 */
export async function openApiFindings(file: ChangedFile): Promise<Finding[]> {
  const before = textOf(file.previous);
  if (before === undefined) return [];
  const after = file.status === "D" ? undefined : textOf(file.content) ?? "";
  let oldOps: Map<string, Set<string>>;
  let newOps: Map<string, Set<string>>;
  try {
    oldOps = operationsOf(await parseSpec(file.path, before));
  } catch {
    return []; // the previous version did not parse: there was no contract to break
  }
  try {
    newOps = after === undefined ? new Map() : operationsOf(await parseSpec(file.path, after));
  } catch (error) {
    return [
      finding(
        file.path,
        1,
        "openapi-invalid",
        `the spec no longer parses: ${error}`,
        "fix the syntax",
      ),
    ];
  }
  const findings: Finding[] = [];
  const oldLine = lineLocator(before);
  const newLine = after === undefined ? () => 1 : lineLocator(after);
  for (const [path, methods] of oldOps) {
    const current = newOps.get(path);
    if (!current) {
      findings.push(finding(
        file.path,
        oldLine(Math.max(0, before.indexOf(path))),
        "openapi-removed-path",
        `API path ${path} was removed (${
          [...methods].join(", ").toUpperCase() || "no operations"
        })`,
        "keep the path (mark it `deprecated: true`) until clients have moved, or version the API",
      ));
      continue;
    }
    for (const method of methods) {
      if (current.has(method)) continue;
      findings.push(finding(
        file.path,
        after === undefined ? 1 : newLine(Math.max(0, after.indexOf(path))),
        "openapi-removed-operation",
        `API operation ${method.toUpperCase()} ${path} was removed`,
        "keep the operation (mark it `deprecated: true`) until clients have moved, or version the API",
      ));
    }
  }
  return findings;
}

function finding(file: string, line: number, rule: string, message: string, fix: string): Finding {
  return { file, line, rule, check: "contract-guardian-check", severity: "error", message, fix };
}
