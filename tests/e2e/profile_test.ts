/**
 * `super-agents profile`: a model agent profiled through the queue and a
 * real worker (fake Messages API, one tool call), a local agent through
 * `run`, and an unknown agent refused with the fix.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { createSandbox, type Sandbox } from "../support/cli.ts";
import { scripted, startFakeAnthropic, text, toolUse } from "../support/fake_anthropic.ts";

async function project(): Promise<Sandbox> {
  const sandbox = await createSandbox();
  for (const dir of ["state", "events", "agents", "logs", "workspaces"]) {
    await Deno.mkdir(join(sandbox.project, ".claude", dir), { recursive: true });
  }
  await Deno.writeTextFile(join(sandbox.project, "README.md"), "# Demo\n");
  return sandbox;
}

interface Phase {
  name: string;
  ms: number | null;
  count?: number;
  detail: string;
}

function phase(profile: { phases: Phase[] }, name: string): Phase {
  const found = profile.phases.find((p) => p.name === name);
  assert.ok(found, `phase ${name} in ${JSON.stringify(profile.phases)}`);
  return found;
}

Deno.test("profile: a model agent through the queue shows queue wait, model and tool calls", async () => {
  const sandbox = await project();
  const fake = await startFakeAnthropic({
    responder: scripted([
      toolUse("Read", { file_path: "README.md" }),
      text("Verdict: approve", { input_tokens: 100, output_tokens: 5 }),
    ]),
  });
  try {
    const result = await sandbox.run([
      "profile",
      "reviewer-agent",
      "review",
      "the",
      "README",
      "--json",
    ], {
      env: { ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: fake.url },
    });
    assert.equal(result.code, 0, result.stderr);
    const profile = JSON.parse(result.stdout);
    assert.equal(profile.via, "queue");
    assert.equal(profile.status, "succeeded");
    assert.match(profile.correlationId, /^toolu_/);
    assert.match(profile.task, /^job_/);
    const wait = phase(profile, "queue wait");
    assert.equal(typeof wait.ms, "number");
    assert.ok(wait.ms! >= 0);
    assert.equal(typeof phase(profile, "worker start").ms, "number");
    const model = phase(profile, "model calls");
    assert.equal(model.count, 2);
    assert.ok(model.ms! > 0);
    assert.match(model.detail, /tokens/);
    assert.equal(phase(profile, "tool calls").count, 1);
    assert.match(phase(profile, "tool calls").detail, /Read ×1/);
    assert.ok(phase(profile, "event writes").count! >= 2);
    const measured = profile.phases.reduce((total: number, p: Phase) => total + (p.ms ?? 0), 0);
    assert.ok(measured <= profile.totalMs + 1, "phases do not add up to more than the total");
    assert.equal(fake.messageRequests().length, 2, "the task ran exactly once");
  } finally {
    await fake.close();
    await sandbox.cleanup();
  }
});

Deno.test("profile: a local agent runs directly, with text output", async () => {
  const sandbox = await project();
  try {
    const init = await new Deno.Command("git", { args: ["init", "-q"], cwd: sandbox.project })
      .output();
    assert.ok(init.success, "git init");
    const result = await sandbox.run(["profile", "secret-scan", "all", "files"]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^profile of secret-scan \(run\) · completed/);
    assert.match(result.stdout, /queue wait\s+—\s+not queued/);
    assert.match(result.stdout, /model calls \(0\)/);
    assert.match(result.stdout, /process start/);
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("profile: an unknown agent is refused with the fix", async () => {
  const sandbox = await project();
  try {
    const result = await sandbox.run(["profile", "no-such-agent", "x"]);
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /cannot profile no-such-agent: no agent named "no-such-agent"/);
    assert.match(result.stderr, /agents list/);
    const bad = await sandbox.run(["profile", "noop", "--via", "train"]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /unknown --via "train"/);
  } finally {
    await sandbox.cleanup();
  }
});
