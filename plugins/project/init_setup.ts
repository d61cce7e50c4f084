/**
 * The optional part of `init` that the wizard asks and the flags set: a
 * project template, the agents enabled for automatic runs, the KM port range
 * and the model id of each tier — all written into `.claude/config.json` as
 * ordinary edits (validated, atomic), so `upgrade` keeps them like any user
 * edit — and the git hooks, installed through the `hooks install` command.
 * @module
 */

import { selfLaunch } from "../../core/self_command.ts";
import { agentTemplates } from "../../templates/agents/mod.ts";
import { writeJsonAtomic } from "../../core/atomic_file.ts";
import { closestMatch } from "../../core/cli/suggest.ts";
import { deepMerge, getDotted, leafEntries, setDotted } from "../../core/config/keys.ts";
import { inspectLayer, problemsError } from "../../core/config/load.ts";
import { readConfigObject } from "../../core/config/config_object.ts";
import { SuperAgentsError, UsageError } from "../../core/errors.ts";
import type { ProjectPaths } from "../../core/paths.ts";
import type { Tier } from "../../core/router/models_config.ts";
import { agentSummary } from "./desired_state.ts";
import type { ProjectTemplate } from "./project_template.ts";

/** What the wizard or the flags chose; an absent field leaves that part alone. */
export interface InitSetup {
  template?: string;
  hooks?: boolean;
  /** Agents enabled for automatic runs; the other shipped agents go to `hooks.disabledAgents`. */
  agents?: string[];
  portMin?: number;
  portMax?: number;
  models?: Partial<Record<Tier, string>>;
}

/** Names of the shipped agents, sorted. */
export function shippedAgentNames(): string[] {
  return Object.entries(agentTemplates).map(([file, text]) => agentSummary(file, text).name)
    .sort();
}

/** Checks agent names against the shipped ones; the error names the closest. */
export function requireAgentNames(names: string[], known = shippedAgentNames()): string[] {
  for (const name of names) {
    if (known.includes(name)) continue;
    const suggestion = closestMatch(name, known);
    throw new UsageError(
      `unknown agent "${name}"`,
      (suggestion ? `did you mean ${suggestion}? ` : "") + `agents: ${known.join(", ")}`,
    );
  }
  return names;
}

/** The partial configuration a setup (and its template) writes. */
export function setupConfig(
  setup: InitSetup,
  template?: ProjectTemplate,
  known = shippedAgentNames(),
): Record<string, unknown> {
  const config: Record<string, unknown> = structuredClone(template?.config ?? {});
  const km: Record<string, number> = {};
  if (setup.portMin !== undefined) km.portMin = setup.portMin;
  if (setup.portMax !== undefined) km.portMax = setup.portMax;
  if (Object.keys(km).length) deepMerge(config, { km });
  const models = Object.fromEntries(
    Object.entries(setup.models ?? {}).filter(([, id]) => id !== undefined),
  );
  if (Object.keys(models).length) deepMerge(config, { models });
  if (setup.agents) {
    const enabled = new Set(requireAgentNames(setup.agents, known));
    deepMerge(config, { hooks: { disabledAgents: known.filter((name) => !enabled.has(name)) } });
  }
  return config;
}

/** Merges `changes` into `file`: objects recursively, string lists as a union, the rest replaced. */
function mergeChanges(file: Record<string, unknown>, changes: Record<string, unknown>): void {
  for (const [key, value] of leafEntries(changes)) {
    const existing = getDotted(file, key);
    const union = Array.isArray(value) && Array.isArray(existing) &&
      !key.endsWith("disabledAgents");
    setDotted(file, key, union ? [...new Set([...existing, ...value])] : value);
  }
}

/**
 * Writes `changes` into the project's config file, validated first. Returns
 * the dotted keys whose value changed (empty: nothing written).
 *
 * @example
 * ```ts
 * await applySetupConfig(paths, { km: { portMin: 6001 } }); // ["km.portMin"]
 * ```
 */
export async function applySetupConfig(
  paths: ProjectPaths,
  changes: Record<string, unknown>,
  dryRun = false,
): Promise<string[]> {
  const file = await readConfigObject(paths.config);
  const before = JSON.stringify(file);
  const previous = structuredClone(file);
  mergeChanges(file, changes);
  if (JSON.stringify(file) === before) return [];
  const report = inspectLayer(file, paths.config);
  if (report.problems.length) throw problemsError(report.problems);
  const portMin = getDotted(file, "km.portMin");
  const portMax = getDotted(file, "km.portMax");
  if (typeof portMin === "number" && typeof portMax === "number" && portMin > portMax) {
    throw new UsageError(
      `the port range ${portMin}-${portMax} is empty`,
      "give --port-min no larger than --port-max",
    );
  }
  const changed = [...leafEntries(changes)].map(([key]) => key)
    .filter((key) =>
      JSON.stringify(getDotted(previous, key)) !== JSON.stringify(getDotted(file, key))
    );
  if (!dryRun) await writeJsonAtomic(paths.config, file);
  return changed;
}

/**
 * Installs the git hooks by running `super-agents hooks install` in `root`
 * (the hooks are a plugin, which the core reaches through the CLI, never by
 * import). Throws with the command's own message and hint when it fails.
 */
export async function installGitHooks(root: string, command = selfLaunch()): Promise<string> {
  const output = await new Deno.Command(command[0], {
    args: [...command.slice(1), "hooks", "install"],
    cwd: root,
    env: { NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  if (output.success) return decoder.decode(output.stdout);
  const stderr = decoder.decode(output.stderr).trim();
  const hint = /hint:\s*(.*)/.exec(stderr)?.[1];
  const reason = stderr.split("\n")[0].replace(/^error:\s*/, "") || `exit code ${output.code}`;
  throw new SuperAgentsError(
    "HOOKS_NOT_INSTALLED",
    `init finished, but the git hooks were not installed: ${reason}`,
    {
      hint: hint
        ? `${hint}; then run \`super-agents hooks install\``
        : "fix the problem above, then run `super-agents hooks install`",
    },
  );
}
