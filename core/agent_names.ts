/**
 * The names of the agents a project can run — the shipped team, the agents
 * plugins contribute and the project's `.claude/agents/*.md` — read from
 * their frontmatter without validating them (that is the agent layer's
 * catalog), so the core's commands (`task create`) can refuse a name no
 * worker would find, and suggest the one that was meant.
 * @module
 */

import { closestMatch } from "./cli/suggest.ts";
import { UsageError } from "./errors.ts";
import type { ProjectPaths } from "./paths.ts";
import { loadPluginHost } from "./plugin_host/current.ts";

/**
 * Agents that run without a definition file (benchmarks and tests): the
 * runtime's `BUILTIN_AGENTS` (`agents/runtime/resolve_agent.ts`).
 */
export const DEFINITIONLESS_AGENTS: readonly string[] = ["noop", "script"];

/** `name:` of a Markdown file's frontmatter, or the file name without `.md`. */
function nameOf(fileName: string, text: string): string {
  const frontmatter = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text)?.[1] ?? "";
  const name = /^name:\s*(.*)$/m.exec(frontmatter)?.[1]?.trim().replace(/^(["'])(.*)\1$/, "$2");
  return name || fileName.replace(/\.md$/, "");
}

async function projectFiles(dir: string): Promise<[string, string][]> {
  const files: [string, string][] = [];
  try {
    for await (const entry of Deno.readDir(dir)) {
      if (!entry.isFile || !entry.name.endsWith(".md")) continue;
      files.push([entry.name, await Deno.readTextFile(`${dir}/${entry.name}`)]);
    }
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return files; // no project agents yet
    throw error;
  }
  return files;
}

/**
 * Every agent name the catalog holds for `paths` (sorted, each once).
 *
 * @example
 * ```ts
 * (await catalogAgentNames(paths)).includes("reviewer-agent"); // true
 * ```
 */
export async function catalogAgentNames(paths?: ProjectPaths): Promise<string[]> {
  const { agentTemplates } = await import("../templates/agents/mod.ts");
  const plugin = await Promise.all(
    (await loadPluginHost()).agentFiles().map(async (entry) =>
      Object.entries(
        (await entry.load<{ agentFiles: Record<string, string> }>()).agentFiles,
      )
    ),
  );
  const files = [
    ...Object.entries(agentTemplates),
    ...plugin.flat(),
    ...(paths ? await projectFiles(paths.agents) : []),
  ];
  return [...new Set(files.map(([file, text]) => nameOf(file, text)))].sort();
}

/**
 * Throws a usage error unless `name` is an agent of the catalog (or `name`
 * with `-agent`, which the catalog also finds); the error lists the agents
 * and suggests the closest.
 *
 * @example
 * ```ts
 * requireKnownAgent("reviewr-agent", ["reviewer-agent"]); // throws: did you mean reviewer-agent?
 * ```
 */
export function requireKnownAgent(name: string, known: readonly string[]): void {
  if (known.includes(name) || known.includes(`${name}-agent`)) return;
  const suggestion = closestMatch(name, known);
  throw new UsageError(
    `unknown agent "${name}"`,
    (suggestion ? `did you mean ${suggestion}? ` : "") + `agents: ${known.join(", ")}`,
  );
}
