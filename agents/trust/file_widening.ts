/**
 * Whether a changed agent file grants more than it did: the new text is
 * measured against its previous version (HEAD, or the base of a range) and
 * the built-in definition of its name — the shipped template `init` writes,
 * or a built-in plugin's agent (the caller passes those, as the plugin host
 * gives them: `collectPluginAgents()`) — and passes when it stays within
 * either. A new file
 * without a built-in namesake is measured against what any agent file gets
 * without asking (the schema's defaults: read the project, no other grant).
 * Pure text in, verdict out: the pre-commit gate runs it in a
 * permission-less Worker.
 * @module
 */

import { agentTemplates } from "../../templates/agents/mod.ts";
import type { PluginAgentFile } from "../catalog.ts";
import { type AgentDefinition, parseAgentDefinition } from "../definition.ts";
import { type EffectivePermissions, effectivePermissions } from "./effective_permissions.ts";
import { grantDiff } from "./grant_diff.ts";

/** What a changed agent file widened, and against what. */
export interface FileWidening {
  agent: string;
  /** `"HEAD"`-like previous version, the built-in template, or the defaults of a new agent. */
  against: "previous" | "builtin" | "defaults";
  widened: string[];
}

let shipped: Map<string, AgentDefinition> | undefined;
const fromPlugins = new WeakMap<readonly PluginAgentFile[], Map<string, AgentDefinition>>();

/** The shipped templates and the given plugin agents, by name (each set parsed once). */
function builtinDefinition(
  name: string,
  pluginAgents: readonly PluginAgentFile[],
): AgentDefinition | undefined {
  shipped ??= byName(
    Object.entries(agentTemplates).map(([file, text]) =>
      parseAgentDefinition(text, { kind: "shipped", file: `templates/agents/${file}` })
    ),
  );
  let plugins = fromPlugins.get(pluginAgents);
  if (!plugins) {
    plugins = byName(
      pluginAgents.map(({ plugin, fileName, markdown }) =>
        parseAgentDefinition(markdown, { kind: "plugin", plugin, file: `${plugin}:${fileName}` })
      ),
    );
    fromPlugins.set(pluginAgents, plugins);
  }
  return plugins.get(name) ?? shipped.get(name);
}

function byName(definitions: AgentDefinition[]): Map<string, AgentDefinition> {
  return new Map(definitions.map((definition) => [definition.name, definition]));
}

const DEFAULTS_TEXT = "---\nname: new-agent\ndescription: the grants of any agent file\n---\n\nx\n";

function parsePrevious(text: string | undefined, file: string): AgentDefinition | undefined {
  if (text === undefined) return undefined;
  try {
    return parseAgentDefinition(text, { kind: "project", file });
  } catch {
    return undefined; // an invalid previous version granted nothing that could run
  }
}

/**
 * The widening of an agent file, or `undefined` when it grants nothing new.
 * `pluginAgents` are the built-in plugins' agent files it may also be
 * measured against. Throws `AGENT_INVALID` when the new text is not a valid
 * agent file.
 *
 * @example
 * ```ts
 * fileWidening(".claude/agents/reviewer-agent.md", staged, atHead);
 * // { agent: "reviewer-agent", against: "previous", widened: ["run: +sh"] }
 * ```
 */
export function fileWidening(
  file: string,
  text: string,
  previousText?: string,
  pluginAgents: readonly PluginAgentFile[] = [],
): FileWidening | undefined {
  const agent = parseAgentDefinition(text, { kind: "project", file });
  const grants = effectivePermissions(agent);
  const previous = parsePrevious(previousText, file);
  const builtin = builtinDefinition(agent.name, pluginAgents);
  const baselines: [FileWidening["against"], EffectivePermissions][] = [];
  if (previous) baselines.push(["previous", effectivePermissions(previous)]);
  if (builtin) baselines.push(["builtin", effectivePermissions(builtin)]);
  if (baselines.length === 0) {
    const defaults = parseAgentDefinition(DEFAULTS_TEXT, { kind: "project", file });
    baselines.push(["defaults", effectivePermissions(defaults)]);
  }
  const diffs = baselines.map(([against, baseline]) => ({
    against,
    widened: grantDiff(grants, baseline).widened,
  }));
  if (diffs.some((diff) => diff.widened.length === 0)) return undefined;
  return { agent: agent.name, ...diffs[0] };
}
