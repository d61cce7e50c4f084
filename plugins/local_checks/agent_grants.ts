/**
 * The agent-grants rule of the file-system guardian: a changed
 * `.claude/agents/*.md` that grants more than the same file before the
 * change (HEAD for a commit), or — for a new file — more than the built-in
 * template of its name, is a blocking finding with the widened grants and
 * the fix. What widens, and how, is the agents layer's trust rule
 * (`agents/trust/file_widening.ts`), loaded only when such a file changed;
 * the built-in plugins' agents it also measures against come with the
 * options (`pluginAgents`).
 * @module
 */

import type { PluginAgentFile } from "../../agents/catalog.ts";
import { SuperAgentsError } from "../../core/errors.ts";
import { lineLocator, textOf } from "./file_text.ts";
import type { ChangedFile, Finding } from "./types.ts";

const AGENT_FILE = /(?:^|\/)\.claude\/agents\/[^/]+\.md$/;

/**
 * True for agent files, whose previous version the rule compares against.
 *
 * @example
 * ```ts
 * agentGrantsNeedPrevious(".claude/agents/reviewer-agent.md"); // true
 * ```
 */
export function agentGrantsNeedPrevious(path: string): boolean {
  return AGENT_FILE.test(path);
}

const AGAINST = {
  previous: "the same file before this change",
  builtin: "the built-in template of the same name",
  defaults: "a new agent gets without trust",
};

function lineOf(text: string, pattern: RegExp): number {
  const match = pattern.exec(text);
  return match ? lineLocator(text)(match.index) : 1;
}

/**
 * Findings for agent files among `files` that widen their grants;
 * `pluginAgents` are the built-in plugins' agent files (by name, a baseline
 * like the shipped templates).
 *
 * @example
 * ```ts
 * await agentGrants(files);
 * // [{ file: ".claude/agents/reviewer-agent.md", rule: "agent-grants-widened", ... }]
 * ```
 */
export async function agentGrants(
  files: ChangedFile[],
  pluginAgents: readonly PluginAgentFile[] = [],
): Promise<Finding[]> {
  const changed = files.filter((f) => f.status !== "D" && AGENT_FILE.test(f.path));
  const texts = changed.map((file) => textOf(file.content));
  if (texts.every((text) => text === undefined)) return [];
  const { fileWidening } = await import("../../agents/trust/file_widening.ts");
  const findings: Finding[] = [];
  changed.forEach((file, i) => {
    const text = texts[i];
    if (text === undefined) return; // over the size limit or binary: reported by other rules
    try {
      const widening = fileWidening(file.path, text, textOf(file.previous), pluginAgents);
      if (!widening) return;
      findings.push({
        file: file.path,
        line: lineOf(text, /^ *permissions:/m),
        rule: "agent-grants-widened",
        check: "filesystem-guardian-check",
        severity: "error",
        message: `${widening.agent} grants more than ${AGAINST[widening.against]}: ` +
          widening.widened.join(", "),
        fix: "narrow the grants; if they are intended, commit with " +
          "SUPER_AGENTS_SKIP=filesystem-guardian-check and have each user review and run " +
          `\`super-agents agents trust ${widening.agent}\``,
      });
    } catch (error) {
      if (!(error instanceof SuperAgentsError)) throw error;
      findings.push({
        file: file.path,
        line: 1,
        rule: "agent-file-invalid",
        check: "filesystem-guardian-check",
        severity: "warning",
        message: `not a valid agent file, so it will not run: ${error.message}`,
        fix: error.hint ?? "fix the frontmatter (super-agents agents validate)",
      });
    }
  });
  return findings;
}
