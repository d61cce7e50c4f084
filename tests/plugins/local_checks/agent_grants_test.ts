/**
 * The agent-grants rule of the file-system guardian: a changed agent file
 * that grants more than its previous version (or, when new, than the
 * built-in template of its name) blocks with the widened grants and the
 * fix; narrowing, unchanged grants and other files pass; an invalid file is
 * a warning. It also runs inside a permission-less check Worker.
 */
import assert from "node:assert/strict";
import { agentTemplates } from "../../../templates/agents/mod.ts";
import { agentGrants } from "../../../plugins/local_checks/agent_grants.ts";
import { filesystemGuardian } from "../../../plugins/local_checks/filesystem_guardian.ts";
import { runChecks } from "../../../plugins/local_checks/run_checks.ts";
import { installBuiltinPlugins } from "../../../plugins/builtin.ts";
import { collectPluginAgents } from "../../../agents/plugin_contributions.ts";
import { added, deleted, modified, options } from "./options.ts";

installBuiltinPlugins();
/** The built-in plugins' agents, as `check` gets them from the plugin host. */
const pluginAgents = await collectPluginAgents();

const REVIEWER = agentTemplates["reviewer-agent.md"];
const PATH = ".claude/agents/reviewer-agent.md";
/** Adds `sh` and a write grant at the indentation the file uses (top level or under `super-agents:`). */
const widen = (text: string) =>
  text.replace(
    /^( +)run: \[git\]\n/m,
    (_, indent) => `${indent}run: [git, sh]\n${indent}write: ["."]\n`,
  );

function custom(name: string, permissions = "") {
  return `---\nname: ${name}\ndescription: A project agent for the grants rule tests.\ntools: Read, Grep\n${permissions}---\n\nDo it.\n`;
}

Deno.test("agent grants: a modified file that widens its grants blocks with the diff and the fix", async () => {
  assert.notEqual(widen(REVIEWER), REVIEWER);
  const [finding, ...rest] = await agentGrants([modified(PATH, REVIEWER, widen(REVIEWER))]);
  assert.deepEqual(rest, []);
  assert.equal(finding.rule, "agent-grants-widened");
  assert.equal(finding.check, "filesystem-guardian-check");
  assert.equal(finding.severity, "error");
  assert.equal(finding.file, PATH);
  assert.equal(finding.line, REVIEWER.split("\n").findIndex((l) => /^ *permissions:/.test(l)) + 1); // the permissions: line
  assert.match(
    finding.message,
    /reviewer-agent grants more than the same file before this change: write: \+\., run: \+sh/,
  );
  assert.match(finding.fix, /super-agents agents trust reviewer-agent/);
});

Deno.test("agent grants: a new file is measured against the built-in template of its name", async () => {
  assert.deepEqual(await agentGrants([added(PATH, REVIEWER)]), []);
  const [finding] = await agentGrants([added(PATH, widen(REVIEWER))]);
  assert.match(
    finding.message,
    /more than the built-in template of the same name: write: \+\., run: \+sh/,
  );
  const scan = custom(
    "secret-scan",
    "provider: local\noverrides: builtin\npermissions:\n  run: [git, curl]\n",
  );
  const [local] = await agentGrants(
    [added(".claude/agents/secret-scan.md", scan)],
    pluginAgents,
  );
  assert.match(local.message, /built-in template.*run: \+curl/);
});

Deno.test("agent grants: a new custom agent may read the project; any other grant blocks", async () => {
  assert.deepEqual(
    await agentGrants([added(".claude/agents/notes-agent.md", custom("notes-agent"))]),
    [],
  );
  const [finding] = await agentGrants([
    added(".claude/agents/notes-agent.md", custom("notes-agent", "permissions:\n  net: true\n")),
  ]);
  assert.match(
    finding.message,
    /notes-agent grants more than a new agent gets without trust: net: \+all/,
  );
});

Deno.test("agent grants: narrowing, a widened file back within its template, deletions and other files pass", async () => {
  const narrowed = REVIEWER.replace(/^ +run: \[git\]\n/m, "");
  assert.notEqual(narrowed, REVIEWER);
  assert.deepEqual(await agentGrants([modified(PATH, REVIEWER, narrowed)]), []);
  assert.deepEqual(await agentGrants([modified(PATH, widen(REVIEWER), REVIEWER)]), []);
  assert.deepEqual(await agentGrants([deleted(PATH, widen(REVIEWER))]), []);
  assert.deepEqual(await agentGrants([added("docs/agents/x.md", widen(REVIEWER))]), []);
});

Deno.test("agent grants: an invalid agent file is a warning naming the problem", async () => {
  const [finding] = await agentGrants([added(".claude/agents/broken.md", "no frontmatter")]);
  assert.equal(finding.rule, "agent-file-invalid");
  assert.equal(finding.severity, "warning");
  assert.match(finding.message, /no YAML frontmatter/);
});

Deno.test("agent grants: the file-system guardian reports it, and honours allowPaths", async () => {
  const files = [modified(PATH, REVIEWER, widen(REVIEWER))];
  const rules = (await filesystemGuardian(files, options())).map((f) => f.rule);
  assert.deepEqual(rules, ["agent-grants-widened"]);
  assert.deepEqual(await filesystemGuardian(files, options({ allowPaths: [PATH] })), []);
});

Deno.test("agent grants: the rule runs inside a sandboxed check Worker as it does inline", async () => {
  const files = [modified(PATH, REVIEWER, widen(REVIEWER))];
  const request = { names: ["filesystem-guardian-check" as const], files, options: options() };
  const inline = await runChecks({ ...request, mode: "inline" });
  const workers = await runChecks({
    ...request,
    files: [modified(PATH, REVIEWER, widen(REVIEWER))],
    mode: "workers",
  });
  assert.equal(workers.ranIn, "workers");
  assert.deepEqual(workers.findings, inline.findings);
  assert.deepEqual(workers.findings.map((f) => f.rule), ["agent-grants-widened"]);
});
