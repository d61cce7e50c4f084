/**
 * The report renders attacker-chosen names (agents, targets, principals)
 * inert: escaped in HTML, pipes and line breaks neutralised in Markdown; the
 * CSV reader round-trips hostile fields and refuses a broken file.
 */
import assert from "node:assert/strict";
import type { ComplianceData } from "../../../../plugins/core_commands/audit/compliance_data.ts";
import {
  reportHtml,
  reportMarkdown,
} from "../../../../plugins/core_commands/audit/compliance_report.ts";
import { csvLine, parseCsv } from "../../../../plugins/core_commands/audit/csv.ts";

const evil = '<img src=x onerror="alert(1)">|x\n## injected';

function data(): ComplianceData {
  return {
    since: "2026-01-01T00:00:00.000Z",
    until: "2026-01-31T00:00:00.000Z",
    agents: [{ agent: evil, created: 2, succeeded: 1, failed: 1, principals: { [evil]: "admin" } }],
    secretReveals: [{ time: "t", actor: "me", action: "secret.reveal", target: evil, detail: "" }],
    widenings: [],
    denials: [],
    spend: { totalUsd: 0.5, byAgent: { [evil]: 0.5 }, byModel: { "claude-x": 0.5 } },
    auditEntries: 3,
  };
}

Deno.test("HTML escapes every value from the logs", () => {
  const html = reportHtml(data());
  assert.equal(html.includes("<img"), false);
  assert.match(html, /&#60;img src=x onerror=&#34;alert\(1\)&#34;&#62;/);
  assert.match(html, /\$0\.5000/);
});

Deno.test("Markdown keeps a hostile name inside its cell", () => {
  const md = reportMarkdown(data());
  assert.equal(md.includes("\n## injected"), false);
  const row = md.split("\n").find((line) => line.includes("onerror"))!;
  assert.match(row, /\\\|x ## injected/);
  assert.match(md, /## Permission widenings\n\nnone/);
});

Deno.test("CSV round-trips commas, quotes and line breaks, and refuses broken quoting", () => {
  const fields = ["a,b", 'say "hi"', "two\r\nlines", "=SUM(A1)", ""];
  assert.deepEqual(parseCsv(csvLine(fields) + "\r\n"), [fields]);
  assert.throws(() => parseCsv('a,"b\r\n'), /not closed/);
  assert.throws(() => parseCsv('a,b"c\r\n'), /quote inside/);
});
