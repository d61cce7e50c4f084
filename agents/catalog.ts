/**
 * The agent catalog: the shipped team (embedded templates), then agents
 * contributed by plugins, then the project's `.claude/agents/*.md`. A later
 * source overrides an earlier one with the same name, so a project can
 * replace any shipped agent or add its own — but a project file named like
 * a plugin's agent (the local agents `secret-scan`, `test-executor-check`, …) is
 * refused unless it says `overrides: builtin`, so a merged file cannot
 * silently replace one. Invalid and refused files do not hide the valid
 * ones: they are collected as errors for `agents validate`. The catalog's
 * trust gate decides which agents may run (see `trust/trust_gate.ts`).
 * @module
 */

import { join } from "node:path";
import { closestMatch } from "../core/cli/suggest.ts";
import { deprecationNotice, RENAMED_AGENTS } from "../core/config/renamed_names.ts";
import { errorMessage, SuperAgentsError } from "../core/errors.ts";
import { agentTemplates } from "../templates/agents/mod.ts";
import { type AgentDefinition, type AgentSource, parseAgentDefinition } from "./definition.ts";
import { type TrustGate, trustGate } from "./trust/trust_gate.ts";
import type { TrustStoreLocation } from "./trust/trust_store.ts";

/** An agent file contributed by a plugin. */
export interface PluginAgentFile {
  plugin: string;
  fileName: string;
  markdown: string;
}

/** Options of {@linkcode loadCatalog}. */
export interface CatalogOptions {
  /** The project's `.claude/agents` directory; omitted outside a project. */
  projectAgentsDir?: string;
  pluginAgents?: PluginAgentFile[];
  /** The project's trust file; without one only built-in grants are trusted. */
  trustStore?: TrustStoreLocation;
  /** Told one line when an agent is asked for by its old name (`fs-guard`). */
  notice?: (line: string) => void;
}

/** All known agents, by name, plus the files that failed to load. */
export interface Catalog {
  agents: AgentDefinition[];
  errors: SuperAgentsError[];
  /** Every definition that was loaded, including overridden ones (for `versions`). */
  all: AgentDefinition[];
  /**
   * The agent named `name` (or `name-agent`, or the agent an old name such as
   * `test-runner` now names); throws a clear error if unknown or refused.
   */
  get(name: string): AgentDefinition;
  /** The shipped or plugin definition named `name` (what a project file is measured against). */
  builtin(name: string): AgentDefinition | undefined;
  /** Which agents may run, and why not. */
  trust: TrustGate;
}

/**
 * Loads the catalog.
 *
 * @example
 * ```ts
 * const catalog = await loadCatalog({ projectAgentsDir: paths.agents });
 * const developer = catalog.get("developer"); // developer-agent
 * ```
 */
export async function loadCatalog(options: CatalogOptions = {}): Promise<Catalog> {
  const byName = new Map<string, AgentDefinition>();
  const all: AgentDefinition[] = [];
  const errors: SuperAgentsError[] = [];
  const add = (text: string, source: AgentSource) => {
    try {
      const definition = parseAgentDefinition(text, source);
      refuseShadowing(definition, byName.get(definition.name));
      all.push(definition);
      byName.set(definition.name, definition);
    } catch (error) {
      if (!(error instanceof SuperAgentsError)) throw error;
      errors.push(error); // reported by `agents validate`; the other agents stay usable
    }
  };
  for (const [fileName, text] of Object.entries(agentTemplates)) {
    add(text, { kind: "shipped", file: `templates/agents/${fileName}` });
  }
  for (const file of options.pluginAgents ?? []) {
    add(file.markdown, {
      kind: "plugin",
      plugin: file.plugin,
      file: `${file.plugin}:${file.fileName}`,
    });
  }
  if (options.projectAgentsDir) {
    for (const [path, text] of await readProjectAgents(options.projectAgentsDir)) {
      add(text, { kind: "project", file: path });
    }
  }
  const agents = [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  const noticeOnce = options.notice &&
    ((line: string) => {
      if (told.has(line)) return;
      told.add(line);
      options.notice!(line);
    });
  const builtin = (name: string) =>
    all.findLast((a) => a.name === name && a.source.kind !== "project");
  return {
    agents,
    errors,
    all,
    get: (name) => findAgent(agents, errors, name, noticeOnce),
    builtin,
    trust: trustGate(builtin, options.trustStore),
  };
}

/** Notices already given: a worker, which loads catalogs again and again, tells each old name once. */
const told = new Set<string>();

/**
 * A plugin's agent never replaces a shipped agent or another plugin's (a
 * third-party plugin could otherwise take `reviewer-agent`); a project file
 * may replace a plugin's agent only when it says so (`overrides: builtin`).
 */
function refuseShadowing(definition: AgentDefinition, existing: AgentDefinition | undefined): void {
  if (definition.source.kind === "plugin" && existing) {
    const owner = existing.source.kind === "plugin"
      ? `the ${existing.source.plugin} plugin's agent`
      : "a shipped agent";
    // Not AGENT_SHADOWS_BUILTIN: that refusal is shown to whoever asks for the agent by name,
    // while here the agent asked for is the existing one, which stays usable.
    throw new SuperAgentsError(
      "AGENT_NAME_TAKEN",
      `${definition.source.file}: "${definition.name}" is already ${owner}; skipped`,
      {
        hint: `the plugin ${definition.source.plugin} must give its agent another name`,
        details: { file: definition.source.file, field: "name", agent: definition.name },
      },
    );
  }
  if (definition.source.kind !== "project" || existing?.source.kind !== "plugin") return;
  if (definition.overrides === "builtin") return;
  const file = definition.source.file;
  throw new SuperAgentsError(
    "AGENT_SHADOWS_BUILTIN",
    `${file}: "${definition.name}" is the name of the built-in ${existing.source.plugin} agent; ` +
      "this file would replace it",
    {
      hint: `rename the agent in ${file}, or add \`overrides: builtin\` to its frontmatter if ` +
        "it should replace the built-in one",
      details: { file, field: "name", agent: definition.name },
    },
  );
}

async function readProjectAgents(dir: string): Promise<[string, string][]> {
  const files: [string, string][] = [];
  try {
    for await (const entry of Deno.readDir(dir)) {
      if (!entry.isFile || !entry.name.endsWith(".md")) continue;
      const path = join(dir, entry.name);
      files.push([path, await Deno.readTextFile(path)]);
    }
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return []; // no project agents yet
    throw new SuperAgentsError("AGENTS_UNREADABLE", `cannot read ${dir}: ${errorMessage(error)}`, {
      hint: "check the directory's permissions",
      cause: error,
    });
  }
  return files.sort(([a], [b]) => a.localeCompare(b));
}

function findAgent(
  agents: AgentDefinition[],
  errors: SuperAgentsError[],
  name: string,
  notice?: (line: string) => void,
): AgentDefinition {
  // A refused project file names the agent it would replace: using that agent shows the refusal.
  const refused = errors.find((e) =>
    e.code === "AGENT_SHADOWS_BUILTIN" && e.details?.agent === name
  );
  if (refused) throw refused;
  const found = agents.find((a) => a.name === name) ??
    agents.find((a) => a.name === `${name}-agent`);
  if (found) return found;
  // A renamed local agent (one concept, one name) answers to its old name, with a notice.
  const renamed = Object.hasOwn(RENAMED_AGENTS, name) ? RENAMED_AGENTS[name] : undefined;
  if (renamed !== undefined) {
    const current = findAgent(agents, errors, renamed);
    notice?.(deprecationNotice(name, renamed));
    return current;
  }
  const broken = errors.find((e) =>
    e.message.includes(`${name}.md`) || e.message.includes(`${name}-agent.md`)
  );
  if (broken) throw broken;
  const suggestion = closestMatch(name, agents.map((a) => a.name));
  throw new SuperAgentsError("AGENT_NOT_FOUND", `no agent named "${name}"`, {
    hint: suggestion
      ? `did you mean ${suggestion}? (\`super-agents agents list\` shows every agent)`
      : "run `super-agents agents list` to see the agents, or add .claude/agents/<name>.md",
  });
}
