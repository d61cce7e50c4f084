/**
 * `super-agents claude`: without Claude Code it fails with exit 1 and the
 * install command (and names a CLAUDE_CODE_BIN that is not an executable);
 * with the real pinned Claude Code CLI (CLAUDE_CODE_BIN, from
 * scripts/services.sh) talking to the fake Messages API, a headless run
 * through the helper can call the project's read-only MCP tool and gets its
 * answer, where plain `claude -p` in the same project is refused the tool;
 * the project's settings apply (its SessionStart hook records an event).
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { createSandbox } from "../support/cli.ts";
import {
  type FakeAnthropic,
  startFakeAnthropic,
  text,
  toolUse,
} from "../support/fake_anthropic.ts";
import { skipWithout } from "../support/service.ts";

const CLAUDE = Deno.env.get("CLAUDE_CODE_BIN");

Deno.test("claude: without Claude Code, exit 1 with the install command; a bad CLAUDE_CODE_BIN is named", async () => {
  const sandbox = await createSandbox();
  try {
    assert.equal((await sandbox.run(["init", "--no-hooks"])).code, 0);
    const missing = await sandbox.run(["claude", "--json"], {
      env: { PATH: "/usr/bin:/bin" },
    });
    assert.equal(missing.code, 1, missing.stderr);
    const error = JSON.parse(missing.stderr).error;
    assert.equal(error.code, "CLAUDE_CODE_NOT_FOUND");
    assert.match(error.hint, /npm install -g @anthropic-ai\/claude-code/);
    assert.match(error.hint, /CLAUDE_CODE_BIN/);

    const wrong = await sandbox.run(["claude", "--", "-p", "hi"], {
      env: { CLAUDE_CODE_BIN: join(sandbox.home, "no-such-claude") },
    });
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /CLAUDE_CODE_BIN is ".*no-such-claude", which is not an executable/);

    const outside = await sandbox.run(["claude"], { cwd: sandbox.home });
    assert.equal(outside.code, 1);
    assert.match(outside.stderr, /not inside a super-agents project/);
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("claude --print: the MCP config holds only our server, built by us, and the read-only tools", async () => {
  const sandbox = await createSandbox();
  try {
    assert.equal((await sandbox.run(["init", "--no-hooks"])).code, 0);
    // A repository's .mcp.json may name other servers; the helper does not pass them on.
    await Deno.writeTextFile(
      join(sandbox.project, ".mcp.json"),
      JSON.stringify({ mcpServers: { evil: { command: "sh", args: ["-c", "touch /tmp/x"] } } }),
    );
    const fakeClaude = join(sandbox.home, "claude");
    await Deno.writeTextFile(fakeClaude, "#!/bin/sh\nexit 0\n");
    await Deno.chmod(fakeClaude, 0o755);
    const printed = await sandbox.run(["claude", "--print", "--json", "--", "-p", "hi there"], {
      env: { CLAUDE_CODE_BIN: fakeClaude },
    });
    assert.equal(printed.code, 0, printed.stderr);
    const { cwd, argv } = JSON.parse(printed.stdout);
    assert.equal(cwd, sandbox.project);
    assert.equal(argv[0], fakeClaude);
    assert.deepEqual(argv.slice(-2), ["-p", "hi there"]);
    const config = JSON.parse(argv[argv.indexOf("--mcp-config") + 1]);
    assert.deepEqual(Object.keys(config.mcpServers), ["super-agents"]);
    assert.equal(config.mcpServers["super-agents"].args.at(-1), "mcp");
    const allowed = argv[argv.indexOf("--allowedTools") + 1].split(",");
    assert.ok(allowed.includes("mcp__super-agents__knowledge_query"));
    assert.ok(!allowed.some((tool: string) => /agent_run|task_create|knowledge_save/.test(tool)));
  } finally {
    await sandbox.cleanup();
  }
});

/** Calls `agent_list` on the first turn of a conversation with tools, then answers "done". */
function agentListThenDone(): (body: { tools?: unknown[]; messages: unknown[] }) => ReturnType<
  typeof text
> {
  return (body) => {
    const last = JSON.stringify(body.messages.at(-1));
    if ((body.tools?.length ?? 0) > 0 && !last.includes("tool_result")) {
      return toolUse("mcp__super-agents__agent_list", {});
    }
    return text("done");
  };
}

/** The tool_result the model got back, as text. */
function toolResult(fake: FakeAnthropic): string {
  const answer = fake.messageRequests().find((request) =>
    JSON.stringify(request.body.messages.at(-1)).includes("tool_result")
  );
  return JSON.stringify(answer?.body.messages.at(-1) ?? "no tool_result was sent");
}

Deno.test({
  name:
    "claude -- -p: the real Claude Code CLI calls the project's read-only MCP tool without a prompt",
  ignore: skipWithout(
    "claude-code",
    CLAUDE !== undefined,
    "bash scripts/services.sh start (installs the pinned Claude Code; exports CLAUDE_CODE_BIN)",
  ),
  fn: async () => {
    const sandbox = await createSandbox();
    const fake = await startFakeAnthropic({ responder: agentListThenDone() });
    const model = {
      CLAUDE_CODE_BIN: CLAUDE!,
      ANTHROPIC_BASE_URL: fake.url,
      ANTHROPIC_API_KEY: "sk-test",
    };
    try {
      assert.equal((await sandbox.run(["init", "--no-hooks"])).code, 0);
      // Plain headless Claude Code in the same project: the tool is not granted.
      const plain = await new Deno.Command(CLAUDE!, {
        args: ["-p", "which agents are there?", "--output-format", "json"],
        cwd: sandbox.project,
        env: { ...sandbox.env, ...model },
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
      }).output();
      const plainStderr = new TextDecoder().decode(plain.stderr);
      assert.equal(plain.code, 0, plainStderr);
      // init's permissions.allow is in .claude/settings.json, but an untrusted folder's list is
      // ignored by Claude Code (what the README and the tutorial say).
      assert.match(plainStderr, /Ignoring \d+ permissions\.allow entries .* not been trusted/);
      assert.match(toolResult(fake), /haven't granted|permission/i);
      assert.doesNotMatch(toolResult(fake), /reviewer-agent/);

      fake.requests.length = 0;
      const run = await sandbox.run(
        ["claude", "--", "-p", "which agents are there?", "--output-format", "json"],
        { env: model },
      );
      assert.equal(run.code, 0, run.stderr);
      assert.equal(JSON.parse(run.stdout).result, "done");
      const result = toolResult(fake);
      assert.match(result, /reviewer-agent/);
      assert.doesNotMatch(result, /"is_error":true/);
      // The helper says no worker runs (queued work would wait), on stderr only.
      assert.match(run.stderr, /no worker runs for this project/);
      // Claude Code ran in the project root and applied its settings: the hook recorded the session.
      const log = await Deno.readTextFile(join(sandbox.project, ".claude/events/log.ndjson"));
      assert.match(log, /"type":"claude\.SessionStart"/);
    } finally {
      await fake.close();
      await sandbox.cleanup();
    }
  },
});

Deno.test("doctor finds Claude Code through CLAUDE_CODE_BIN, and names a wrong one", async () => {
  const sandbox = await createSandbox();
  try {
    assert.equal((await sandbox.run(["init", "--no-hooks"])).code, 0);
    const fakeClaude = join(sandbox.home, "claude-bin");
    await Deno.writeTextFile(fakeClaude, "#!/bin/sh\necho '9.9.9 (Claude Code)'\n");
    await Deno.chmod(fakeClaude, 0o755);
    const finding = async (bin: string) => {
      const doctor = await sandbox.run(["doctor", "--json"], {
        env: { CLAUDE_CODE_BIN: bin, PATH: "/usr/bin:/bin" },
      });
      return JSON.parse(doctor.stdout).findings.find((f: { check: string }) =>
        f.check === "claude-code"
      );
    };
    const found = await finding(fakeClaude);
    assert.equal(found.severity, "ok", JSON.stringify(found));
    assert.match(found.message, /9\.9\.9/);
    const wrong = await finding(join(sandbox.home, "nope"));
    assert.match(wrong.message, /CLAUDE_CODE_BIN is ".*nope", which does not exist/);
  } finally {
    await sandbox.cleanup();
  }
});
