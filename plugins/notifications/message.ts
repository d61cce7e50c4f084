/**
 * One notification, and its rendering for each chat: Slack incoming
 * webhooks take `{ text, blocks }` (mrkdwn), Discord webhooks take
 * `{ content, embeds }` with length limits. Messages for check results and
 * for task results are built here so every sender says the same thing.
 * @module
 */

import { countBySeverity } from "../local_checks/format_text.ts";
import type { CheckReport } from "../local_checks/check_changes.ts";

/** A chat-neutral notification. */
export interface Message {
  title: string;
  /** Short body, plain text with line breaks. */
  text: string;
  status: "success" | "failure";
  fields: { name: string; value: string }[];
}

const MAX_LINES = 10;

/**
 * The message for a check run.
 *
 * @example
 * ```ts
 * checkMessage(report, "commit", "/home/me/app").title; // "super-agents: commit blocked in app"
 * ```
 */
export function checkMessage(report: CheckReport, action: string, root: string): Message {
  const project = root.split("/").filter(Boolean).pop() ?? root;
  const lines = report.findings.slice(0, MAX_LINES).map((f) =>
    `${f.file}:${f.line}: ${f.rule}: ${f.message}`
  );
  if (report.findings.length > MAX_LINES) {
    lines.push(`… and ${report.findings.length - MAX_LINES} more`);
  }
  return {
    title: report.blocked
      ? `super-agents: ${action} blocked in ${project}`
      : `super-agents: checks passed in ${project}`,
    text: lines.join("\n") || "no findings",
    status: report.blocked ? "failure" : "success",
    fields: [
      { name: "findings", value: countBySeverity(report.findings) || "none" },
      { name: "files", value: String(report.files) },
      { name: "checks", value: report.checks.join(", ") },
    ],
  };
}

/** The message for a finished task (a queue job). */
export function taskMessage(
  task: { id: string; agent: string; state: string; error?: string; summary?: string },
): Message {
  const failed = task.state !== "succeeded";
  return {
    title: `super-agents: ${task.agent} ${failed ? task.state : "finished"} (${task.id})`,
    text: (failed ? task.error : task.summary) ?? "",
    status: failed ? "failure" : "success",
    fields: [{ name: "agent", value: task.agent }, { name: "state", value: task.state }],
  };
}

/** The Slack incoming-webhook body. */
export function slackPayload(message: Message): Record<string, unknown> {
  const icon = message.status === "failure" ? ":x:" : ":white_check_mark:";
  return {
    text: `${icon} ${message.title}`,
    blocks: [
      { type: "header", text: { type: "plain_text", text: message.title.slice(0, 150) } },
      {
        type: "section",
        text: { type: "mrkdwn", text: "```" + message.text.slice(0, 2900) + "```" },
      },
      {
        type: "context",
        elements: message.fields.map((f) => ({ type: "mrkdwn", text: `*${f.name}:* ${f.value}` })),
      },
    ],
  };
}

/** The Discord webhook body. */
export function discordPayload(message: Message): Record<string, unknown> {
  return {
    content: message.title.slice(0, 2000),
    embeds: [{
      title: message.title.slice(0, 256),
      description: message.text.slice(0, 4000),
      color: message.status === "failure" ? 0xd7263d : 0x2ba84a,
      fields: message.fields.slice(0, 25).map((f) => ({
        name: f.name.slice(0, 256),
        value: (f.value || "-").slice(0, 1024),
        inline: true,
      })),
    }],
    allowed_mentions: { parse: [] },
  };
}
