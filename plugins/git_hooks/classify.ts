/**
 * What kind of change a commit is — code, tests, docs, API, dependencies —
 * from its paths, and which agents each kind calls for. Per-agent opt-out
 * comes from `hooks.disabledAgents`.
 * @module
 */

import { manifestKind } from "../local_checks/dependency_manifests.ts";

/** The kinds of change the hooks tell apart. */
export type ChangeClass = "code" | "tests" | "docs" | "api" | "dependencies";

const LOCKFILE =
  /(?:^|\/)(?:package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|bun\.lockb?|deno\.lock|Cargo\.lock|go\.sum|poetry\.lock|uv\.lock|pdm\.lock|Pipfile\.lock|composer\.lock|Gemfile\.lock|requirements[^/]*\.txt)$/;
const TEST =
  /(?:^|\/)(?:tests?|__tests__|spec|e2e)\/|[._](?:test|spec)\.[^/]+$|(?:^|\/)test_[^/]+\.py$/;
const API =
  /(?:^|\/)(?:(?:openapi|swagger)[^/]*\.(?:json|ya?ml)|[^/]+\.(?:proto|graphql|gql)|[^/]+\.d\.ts)$|(?:^|\/)api\//i;
const DOCS = /\.(?:md|mdx|rst|adoc|txt)$|(?:^|\/)docs?\//i;
const CODE =
  /\.(?:[cm]?[jt]sx?|py|go|rs|java|kt|kts|scala|rb|php|cs|fs|swift|m|mm|c|cc|cpp|h|hpp|ex|exs|erl|clj|dart|lua|sh|sql|vue|svelte)$/;

/** The classes of one path (a path can be both API and code). */
export function classifyPath(path: string): ChangeClass[] {
  if (manifestKind(path) || LOCKFILE.test(path)) return ["dependencies"];
  if (TEST.test(path)) return ["tests"];
  const classes: ChangeClass[] = [];
  if (API.test(path)) classes.push("api");
  if (CODE.test(path)) classes.push("code");
  else if (DOCS.test(path)) classes.push("docs");
  return classes;
}

/**
 * The classes of a change, sorted.
 *
 * @example
 * ```ts
 * classifyChange(["src/a.ts", "README.md", "deno.lock"]); // ["code", "dependencies", "docs"]
 * ```
 */
export function classifyChange(paths: string[]): ChangeClass[] {
  return [...new Set(paths.flatMap(classifyPath))].sort();
}

/** Which agents each class calls for. */
export const AGENTS_FOR: Record<ChangeClass, string[]> = {
  code: ["test-executor-agent", "security-agent"],
  tests: ["test-executor-agent"],
  docs: ["documentation-agent"],
  api: ["contract-guardian-agent", "documentation-agent"],
  dependencies: ["security-agent", "test-executor-agent"],
};

/** The agents to run for `classes`, without the disabled ones, in a stable order. */
export function agentsFor(classes: ChangeClass[], disabled: readonly string[]): string[] {
  const agents = new Set(classes.flatMap((c) => AGENTS_FOR[c]));
  return [...agents].filter((agent) => !disabled.includes(agent)).sort();
}

/**
 * The deterministic local agents each class calls for. They check what the
 * commit changed, which the pre-commit gate may never have seen (a commit
 * made with `--no-verify`, a gate that failed open, changes merged in).
 */
export const LOCAL_AGENTS_FOR: Record<ChangeClass, string[]> = {
  code: ["secret-scan", "filesystem-guardian-check", "contract-guardian-check"],
  tests: ["secret-scan", "filesystem-guardian-check"],
  docs: ["secret-scan", "filesystem-guardian-check"],
  api: ["secret-scan", "filesystem-guardian-check", "contract-guardian-check"],
  dependencies: ["secret-scan", "filesystem-guardian-check", "dependency-check"],
};

/**
 * The local agents to run for `classes`, without the disabled ones, sorted.
 *
 * @example
 * ```ts
 * localAgentsFor(["dependencies"], ["filesystem-guardian-check"]); // ["dependency-check", "secret-scan"]
 * ```
 */
export function localAgentsFor(classes: ChangeClass[], disabled: readonly string[]): string[] {
  const agents = new Set(classes.flatMap((c) => LOCAL_AGENTS_FOR[c]));
  return [...agents].filter((agent) => !disabled.includes(agent)).sort();
}
