/**
 * End to end: Claude Code PostToolUse hook payloads carrying secrets (a
 * Write of `.env`, a Bash `curl` with a GitHub token) are piped into the
 * hook command of templates/claude_hooks.json. Neither the live log's bytes
 * nor, after `events rotate`, the gzip archive hold any of them; the chain
 * verifies; the files are 0600 and `.claude/events` 0700.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { createSandbox, type Sandbox } from "../support/cli.ts";
import { GITHUB_TOKEN } from "../plugins/local_checks/secrets.ts";

const OPENAI_KEY = "sk-" + "proj-" + "Xr4Tq9Lm2Vz7Kp3Wn8Bc5Hj1Fd6Gs0Ya-Ue_IoPqRsTuVw";
const DB_PASSWORD = "hunter2!x";
const SECRETS = [OPENAI_KEY, GITHUB_TOKEN, DB_PASSWORD];

const modeOf = (path: string) => Deno.statSync(path).mode! & 0o777;

/** The hook command as templates/claude_hooks.json registers it, minus the binary name. */
async function hookArgs(): Promise<string[]> {
  const template = JSON.parse(
    await Deno.readTextFile(new URL("../../templates/claude_hooks.json", import.meta.url)),
  );
  const command: string = template.PostToolUse[0].hooks[0].command;
  const [binary, ...args] = command.split(" ");
  assert.equal(binary, "super-agents");
  return args;
}

/** PostToolUse inputs as Claude Code sends them (recorded shape, fake secrets). */
function hookInputs(project: string): string[] {
  const env = `OPENAI_API_KEY=${OPENAI_KEY}\nDB_PASSWORD=${DB_PASSWORD}\nDEBUG=1\n`;
  const common = {
    session_id: "5f0c2d9e-8a41-4b7e-9d2c-1f6e3a7b8c90",
    transcript_path: join(project, "..", "home", ".claude", "projects", "p", "5f0c.jsonl"),
    cwd: project,
    permission_mode: "acceptEdits",
    hook_event_name: "PostToolUse",
  };
  const write = {
    ...common,
    tool_name: "Write",
    tool_use_id: "toolu_01WriteEnvFile00000000",
    tool_input: { file_path: join(project, ".env"), content: env },
    tool_response: {
      type: "create",
      filePath: join(project, ".env"),
      content: env,
      structuredPatch: [],
    },
  };
  const curl = `curl -s -H "Authorization: Bearer ${GITHUB_TOKEN}" https://api.github.com/user`;
  const bash = {
    ...common,
    tool_name: "Bash",
    tool_use_id: "toolu_01BashCurlGithub000000",
    tool_input: { command: curl, description: "Check the GitHub token" },
    tool_response: {
      stdout: '{"login":"octocat"}',
      stderr: "",
      interrupted: false,
      isImage: false,
    },
  };
  return [JSON.stringify(write), JSON.stringify(bash)];
}

async function gunzip(path: string): Promise<string> {
  const stream = (await Deno.open(path)).readable.pipeThrough(new DecompressionStream("gzip"));
  return await new Response(stream).text();
}

function assertNoSecrets(text: string, where: string): void {
  for (const secret of SECRETS) assert.ok(!text.includes(secret), `${where} leaks ${secret}`);
}

async function project(): Promise<Sandbox> {
  const sandbox = await createSandbox();
  const events = join(sandbox.project, ".claude", "events");
  await Deno.mkdir(events, { recursive: true });
  Deno.chmodSync(events, 0o755); // as an older version left it
  return sandbox;
}

Deno.test("hook payloads with secrets are redacted in the log and its archive, which stay private", async () => {
  const sandbox = await project();
  try {
    const args = await hookArgs();
    for (const stdin of hookInputs(sandbox.project)) {
      const result = await sandbox.run(args, { stdin });
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stderr, "", "the hook recorded the event");
    }
    const log = join(sandbox.project, ".claude", "events", "log.ndjson");
    const bytes = await Deno.readTextFile(log);
    assertNoSecrets(bytes, "log.ndjson");
    const events = bytes.trim().split("\n").map((line) => JSON.parse(line));
    assert.deepEqual(events.map((event) => event.payload.tool_name), ["Write", "Bash"]);
    assert.equal(
      events[0].payload.tool_input.content,
      "OPENAI_API_KEY=[REDACTED:openai-api-key]\nDB_PASSWORD=[REDACTED:secret-assignment]\nDEBUG=1\n",
    );
    assert.equal(
      events[1].payload.tool_input.command,
      'curl -s -H "Authorization: Bearer [REDACTED:github-token]" https://api.github.com/user',
    );
    assert.equal(modeOf(log), 0o600);
    assert.equal(modeOf(join(sandbox.project, ".claude", "events")), 0o700);

    const verify = await sandbox.run(["events", "verify"]);
    assert.equal(verify.code, 0, verify.stderr);
    assert.match(verify.stdout, /^ok: 2 event\(s\)/);

    const rotated = await sandbox.run(["events", "rotate"]);
    assert.equal(rotated.code, 0, rotated.stderr);
    const name = /archive\/(\S+\.ndjson\.gz)/.exec(rotated.stdout)?.[1];
    assert.ok(name, rotated.stdout);
    const archive = join(sandbox.project, ".claude", "events", "archive", name);
    const archived = await gunzip(archive);
    assert.equal(archived.trim().split("\n").length, 2);
    assertNoSecrets(archived, name);
    assert.equal(modeOf(archive), 0o600);
    const all = await sandbox.run(["events", "verify", "--all"]);
    assert.equal(all.code, 0, all.stderr);
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("events emit --payload is redacted the same way, and verify still passes", async () => {
  const sandbox = await project();
  try {
    const payload = JSON.stringify({ env: { DB_PASSWORD }, note: `key ${OPENAI_KEY}` });
    const emitted = await sandbox.run(
      ["events", "emit", "--type", "deploy.env", "--payload", payload, "--json"],
    );
    assert.equal(emitted.code, 0, emitted.stderr);
    assertNoSecrets(emitted.stdout, "the printed record");
    assert.deepEqual(JSON.parse(emitted.stdout).payload, {
      env: { DB_PASSWORD: "[REDACTED:secret-field]" },
      note: "key [REDACTED:openai-api-key]",
    });
    assertNoSecrets(
      await Deno.readTextFile(join(sandbox.project, ".claude", "events", "log.ndjson")),
      "log.ndjson",
    );
    assert.equal((await sandbox.run(["events", "verify"])).code, 0);
  } finally {
    await sandbox.cleanup();
  }
});
