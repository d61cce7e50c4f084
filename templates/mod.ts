/**
 * Everything `super-agents init` writes into a project, embedded as text
 * modules so a compiled binary or a remote `deno run <url>/main.ts` carries
 * its templates in the module graph (no source checkout needed). Core code
 * turns these into files and merges (`plugins/project/desired_state.ts`).
 * @module
 */

import claudeMdSection from "./claude_md.md" with { type: "text" };
import projectConfig from "./project_config.json" with { type: "text" };
import mcpServer from "./mcp_server.json" with { type: "text" };
import claudeHooks from "./claude_hooks.json" with { type: "text" };
import claudeGitignore from "./claude_gitignore.txt" with { type: "text" };

export { agentTemplates } from "./agents/mod.ts";

/**
 * The project templates as text.
 *
 * @example
 * ```ts
 * import { projectTemplates } from "./templates/mod.ts";
 * JSON.parse(projectTemplates.mcpServer).command; // "super-agents"
 * ```
 */
export const projectTemplates = {
  /** Body of the marked `CLAUDE.md` section; `{{agents}}` becomes the agent list. */
  claudeMdSection,
  /** Default `.claude/config.json`. */
  projectConfig,
  /** The `super-agents` entry of `.mcp.json`'s `mcpServers`. */
  mcpServer,
  /** Claude Code hooks merged into `.claude/settings.json` (event name → matcher groups). */
  claudeHooks,
  /** `.claude/.gitignore`: runtime data stays out of version control. */
  claudeGitignore,
} as const;

/** Where the templates live: the module URL (a file path, an HTTP URL or a compiled binary's). */
export const templateSource: string = new URL(".", import.meta.url).href;
