/**
 * `audit report` as Markdown or HTML: who ran which agents (and, for remote
 * principals, with which scopes), secret reveals, permission widenings,
 * denials and model spend over a period. HTML escapes every value taken
 * from the logs (agent names, targets and principals are attacker-chosen
 * text).
 * @module
 */

import type { ComplianceData, ReportEntry } from "./compliance_data.ts";

type Table = { head: string[]; rows: string[][] };

function sections(data: ComplianceData): { title: string; empty: string; table: Table }[] {
  const entries = (list: ReportEntry[]): Table => ({
    head: ["time", "who", "action", "target", "detail"],
    rows: list.map((e) => [e.time, e.actor, e.action, e.target, e.detail]),
  });
  const usd = (n: number) => `$${n.toFixed(4)}`;
  return [
    {
      title: "Agent runs",
      empty: "no agent ran in this period",
      table: {
        head: ["agent", "tasks", "succeeded", "failed", "remote principals (scopes)"],
        rows: data.agents.map((a) => [
          a.agent,
          String(a.created),
          String(a.succeeded),
          String(a.failed),
          Object.entries(a.principals).map(([who, scopes]) => `${who} (${scopes})`).join("; "),
        ]),
      },
    },
    { title: "Secret reveals", empty: "none", table: entries(data.secretReveals) },
    { title: "Permission widenings", empty: "none", table: entries(data.widenings) },
    { title: "Denials", empty: "none", table: entries(data.denials) },
    {
      title: "Model spend",
      empty: "no spend recorded",
      table: {
        head: ["by", "name", "cost"],
        rows: [
          ...Object.entries(data.spend.byAgent).map(([name, cost]) => ["agent", name, usd(cost)]),
          ...Object.entries(data.spend.byModel).map(([name, cost]) => ["model", name, usd(cost)]),
          ...(data.spend.totalUsd > 0 ? [["total", "", usd(data.spend.totalUsd)]] : []),
        ],
      },
    },
  ];
}

function mdCell(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/[\r\n]+/g, " ") || " ";
}

/** The report as Markdown. */
export function reportMarkdown(data: ComplianceData): string {
  const out = [
    "# Compliance report",
    "",
    `Period: ${data.since} to ${data.until}${data.project ? `; project ${data.project}` : ""}. ` +
    `${data.auditEntries} audit entries.`,
  ];
  for (const section of sections(data)) {
    out.push("", `## ${section.title}`, "");
    if (section.table.rows.length === 0) {
      out.push(section.empty);
      continue;
    }
    out.push(`| ${section.table.head.join(" | ")} |`);
    out.push(`|${section.table.head.map(() => " --- |").join("")}`);
    for (const row of section.table.rows) out.push(`| ${row.map(mdCell).join(" | ")} |`);
  }
  return out.join("\n") + "\n";
}

/** HTML-escapes text. */
function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The report as a standalone HTML page. */
export function reportHtml(data: ComplianceData): string {
  const body = sections(data).map((section) => {
    const table = section.table.rows.length === 0
      ? `<p>${esc(section.empty)}</p>`
      : `<table><thead><tr>${section.table.head.map((h) => `<th>${esc(h)}</th>`).join("")}` +
        `</tr></thead><tbody>${
          section.table.rows.map((row) =>
            `<tr>${row.map((cell) => `<td>${esc(cell)}</td>`).join("")}</tr>`
          ).join("")
        }</tbody></table>`;
    return `<h2>${esc(section.title)}</h2>\n${table}`;
  }).join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Compliance report</title>
<style>body{font:14px system-ui;margin:2em}table{border-collapse:collapse}
td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}</style></head><body>
<h1>Compliance report</h1>
<p>Period: ${esc(data.since)} to ${esc(data.until)}${
    data.project ? `; project ${esc(data.project)}` : ""
  }. ${data.auditEntries} audit entries.</p>
${body}
</body></html>
`;
}
