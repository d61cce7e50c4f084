/**
 * What an initialised project holds, derived from the embedded templates:
 * the directories, the files that are entirely ours, and the shared files we
 * merge a part into. `init` plans towards this state, `upgrade` compares the
 * manifest against it.
 * @module
 */

import { agentTemplates, projectTemplates } from "../../templates/mod.ts";
import { claudeMdTarget } from "./claude_md_section.ts";
import { BARE_LAUNCHER, type Launcher } from "./launcher.ts";
import { MCP_SERVER_NAME, mcpJsonTarget } from "./mcp_json_merge.ts";
import { readOnlyAllowRules } from "./permissions_allow.ts";
import type { MergeTarget } from "./merge_target.ts";
import { type HookGroups, settingsTarget } from "./settings_merge.ts";
import { shellWord } from "../../core/cli/shell_quote.ts"; // Claude Code runs hook commands through a shell

/** The target state of a project, in project-relative paths. */
export interface DesiredState {
  /** Directories, parents first. */
  directories: string[];
  /** Files that are entirely ours. */
  files: { path: string; content: string }[];
  /** Shared files we merge our part into. */
  merges: MergeTarget[];
}

/** The runtime directories every project has (see `core/paths.ts`). */
export const PROJECT_DIRECTORIES = [
  ".claude",
  ".claude/state",
  ".claude/events",
  ".claude/registry",
  ".claude/logs",
  ".claude/agents",
  ".claude/triggers",
  ".claude/workspaces",
] as const;

/** Where `init` keeps the originals of files it changes. */
export const BACKUP_DIRECTORY = ".claude/backups";

/** Name and description from an agent file's YAML frontmatter (simple `key: value` lines). */
export function agentSummary(
  fileName: string,
  content: string,
): { name: string; description: string } {
  const frontmatter = /^---\r?\n([\s\S]*?)\r?\n---/.exec(content)?.[1] ?? "";
  const field = (key: string) => {
    const match = new RegExp(`^${key}:\\s*(.*)$`, "m").exec(frontmatter)?.[1]?.trim() ?? "";
    return match.replace(/^(["'])(.*)\1$/, "$2");
  };
  return {
    name: field("name") || fileName.replace(/\.md$/, ""),
    description: field("description"),
  };
}

/** The agent list for the CLAUDE.md section, accurate to the shipped definitions. */
export function agentList(templates: Record<string, string>): string {
  const names = Object.keys(templates).sort();
  if (names.length === 0) {
    return "No agent definitions are installed yet; `super-agents upgrade` adds them when a " +
      "newer version ships some.";
  }
  return names.map((file) => {
    const { name, description } = agentSummary(file, templates[file]);
    return `- \`${name}\` (\`.claude/agents/${file}\`)${description ? `: ${description}` : ""}`;
  }).join("\n");
}

/** The `.mcp.json` server entry started by `launcher`. */
export function mcpServerFor(template: string, launcher: Launcher): Record<string, unknown> {
  const server = JSON.parse(template) as { command: string; args: string[] };
  if (launcher.onPath) return server;
  return { command: launcher.argv[0], args: [...launcher.argv.slice(1), ...server.args] };
}

/** The Claude Code hook groups, each `super-agents …` command started by `launcher`. */
export function claudeHooksFor(template: string, launcher: Launcher): HookGroups {
  const groups = JSON.parse(template) as HookGroups;
  if (launcher.onPath) return groups;
  const prefix = launcher.argv.map(shellWord).join(" ") + " ";
  return JSON.parse(
    JSON.stringify(groups),
    (key, value) =>
      key === "command" && typeof value === "string" && value.startsWith("super-agents ")
        ? prefix + value.slice("super-agents ".length)
        : value,
  );
}

/**
 * The desired project state from a set of templates (defaults: the embedded
 * ones); `launcher` is how `.mcp.json` and the Claude Code hooks start
 * super-agents (default: the bare name on PATH).
 *
 * @example
 * ```ts
 * const state = desiredState();
 * state.files.map((f) => f.path); // [".claude/.gitignore", ".claude/config.json", ...]
 * ```
 */
export function desiredState(
  templates = projectTemplates,
  agents: Record<string, string> = agentTemplates,
  launcher: Launcher = BARE_LAUNCHER,
): DesiredState {
  const files = [
    { path: ".claude/.gitignore", content: templates.claudeGitignore },
    { path: ".claude/config.json", content: templates.projectConfig },
    ...Object.keys(agents).sort().map((file) => ({
      path: `.claude/agents/${file}`,
      content: agents[file],
    })),
  ];
  const body = templates.claudeMdSection.replace("{{agents}}", agentList(agents));
  return {
    directories: [...PROJECT_DIRECTORIES],
    files,
    merges: [
      claudeMdTarget("CLAUDE.md", body),
      mcpJsonTarget(".mcp.json", mcpServerFor(templates.mcpServer, launcher)),
      settingsTarget(
        ".claude/settings.json",
        claudeHooksFor(templates.claudeHooks, launcher),
        readOnlyAllowRules(MCP_SERVER_NAME),
      ),
    ],
  };
}
