/**
 * A third-party plugin's agent files, read as data: the `agentFiles` export
 * of its agents module is taken in the no-permission manifest worker (never
 * imported in the CLI's process) and validated here — file names, sizes,
 * and each file's frontmatter `provider:`, which must name one of the
 * plugin's own executors. That is what bounds a plugin's agents: they run
 * on its executors, inside the permissions the user accepted for it, never
 * as a model agent of a built-in provider with grants of their own.
 * @module
 */

import { flattenNamespace } from "../../agent_file_layout.ts";
import { z } from "../../deps.ts";
import { parseDocument } from "../../yaml_deps.ts";
import { errorMessage, SuperAgentsError } from "../../errors.ts";
import type { PluginSource } from "./plugin_source.ts";
import { postedData } from "./read_manifest.ts";

const MAX_FILES = 32;
const MAX_BYTES = 256 * 1024;

const AgentFilesSchema = z.record(
  z.string().regex(/^[a-z0-9][a-z0-9._-]{0,80}\.md$/, "a file name such as my-agent.md"),
  z.string().max(MAX_BYTES, `an agent file of at most ${MAX_BYTES / 1024} KB`),
).refine((files) => Object.keys(files).length <= MAX_FILES, `at most ${MAX_FILES} agent files`);

function invalid(plugin: string, problem: string): SuperAgentsError {
  return new SuperAgentsError(
    "PLUGIN_AGENTS_INVALID",
    `plugin "${plugin}": ${problem}`,
    {
      hint: "fix the plugin's agent files (the `agentFiles` export of its agents module)",
      exitCode: 2,
    },
  );
}

/** The frontmatter with our fields at the top level (any layout: `experimental: super-agents:`). */
function frontmatterOf(
  plugin: string,
  fileName: string,
  markdown: string,
): Record<string, unknown> | undefined {
  const match = /^---\r?\n([\s\S]*?)\r?\n---(?:\r?\n|$)/.exec(markdown);
  if (!match) return undefined;
  const document = parseDocument(match[1]);
  if (document.errors.length > 0) return undefined;
  const data = document.toJS();
  if (!data || typeof data !== "object" || Array.isArray(data)) return undefined;
  try {
    return flattenNamespace(data, fileName);
  } catch (error) {
    throw invalid(plugin, `its agent file ${fileName}: ${errorMessage(error)}`);
  }
}

/**
 * Checks one agent file of `plugin`: it has frontmatter, and its
 * `provider:` (at the top level or under `experimental: super-agents:`) is
 * one of `executors` (the plugin's own).
 *
 * @example
 * ```ts
 * checkAgentFile("probe", "probe.md", "---\nname: probe-agent\nprovider: probe\n---\n", ["probe"]);
 * ```
 */
export function checkAgentFile(
  plugin: string,
  fileName: string,
  markdown: string,
  executors: readonly string[],
): { name: string; provider: string } {
  const front = frontmatterOf(plugin, fileName, markdown);
  if (!front) {
    throw invalid(plugin, `its agent file ${fileName} has no valid frontmatter (--- ... ---)`);
  }
  const own = executors.length ? executors.join(", ") : "it has none";
  if (typeof front.provider !== "string" || !executors.includes(front.provider)) {
    throw invalid(
      plugin,
      `its agent file ${fileName}: its provider must be one of the plugin's executors (${own})`,
    );
  }
  if (typeof front.name !== "string") {
    throw invalid(plugin, `its agent file ${fileName} has no name`);
  }
  return { name: front.name, provider: front.provider };
}

/**
 * The agent files (file name → Markdown) the agents module `module` of the
 * plugin at `source` exports, read in the no-permission worker and checked.
 *
 * @example
 * ```ts
 * const files = await readAgentFiles(source, "probe", agentsModuleUrl, ["probe"]);
 * Object.keys(files); // ["probe-agent.md"]
 * ```
 */
export async function readAgentFiles(
  source: PluginSource,
  plugin: string,
  module: string,
  executors: readonly string[],
  deadlineMs = 10_000,
): Promise<Record<string, string>> {
  const posted = await postedData(source, `plugin "${plugin}"`, deadlineMs, module, "agentFiles");
  const parsed = AgentFilesSchema.safeParse(posted);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = issue.path.length ? ` (${issue.path.join(".")})` : "";
    throw invalid(plugin, `its agentFiles export is not agent files${at}: ${issue.message}`);
  }
  for (const [fileName, markdown] of Object.entries(parsed.data)) {
    checkAgentFile(plugin, fileName, markdown, executors);
  }
  return parsed.data;
}
