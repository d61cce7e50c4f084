/**
 * The claude-code provider against a fake `claude` script on PATH, through
 * the real CLI: arguments, streamed output, cost and the budget watchdog.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { createSandbox } from "../../support/cli.ts";

const assistant = (text: string, tokens: number) =>
  JSON.stringify({
    type: "assistant",
    message: {
      model: "claude-sonnet-5-5",
      content: [{ type: "text", text }, {
        type: "tool_use",
        id: "t1",
        name: "Read",
        input: { file_path: "a" },
      }],
      usage: { input_tokens: tokens, output_tokens: 10 },
    },
  });

async function fakeClaude(dir: string, lines: string[]): Promise<string> {
  const bin = join(dir, "bin");
  await Deno.mkdir(bin, { recursive: true });
  const script = `#!/bin/sh\nprintf '%s\\n' "$@" > "${join(dir, "args.txt")}"\n` +
    lines.map((line) => `echo '${line}'\nsleep 0.05\n`).join("") + "exit 0\n";
  await Deno.writeTextFile(join(bin, "claude"), script, { mode: 0o755 });
  return bin;
}

Deno.test("runs Claude Code headless with the agent's prompt, tools and models", async () => {
  const sandbox = await createSandbox();
  try {
    await Deno.mkdir(join(sandbox.project, ".claude", "state"), { recursive: true });
    const bin = await fakeClaude(sandbox.home, [
      JSON.stringify({ type: "system", subtype: "init", model: "claude-sonnet-5-5" }),
      assistant("Looking at the diff.", 100),
      JSON.stringify({
        type: "result",
        subtype: "success",
        is_error: false,
        result: "Verdict: approve",
        num_turns: 2,
        total_cost_usd: 0.0123,
        usage: { input_tokens: 200, output_tokens: 20 },
      }),
    ]);
    const result = await sandbox.run(
      ["run", "reviewer-agent", "review the change to src", "--provider", "claude-code"],
      { env: { PATH: `${bin}:${sandbox.env.PATH}` } },
    );
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Looking at the diff\./);
    assert.match(
      result.stdout,
      /reviewer-agent completed on claude-sonnet-5-5 · 2 turn\(s\) · 220 tokens · \$0\.0123/,
    );
    const args = (await Deno.readTextFile(join(sandbox.home, "args.txt"))).split("\n");
    assert.deepEqual(args.slice(0, 5), [
      "-p",
      "review the change to src",
      "--output-format",
      "stream-json",
      "--verbose",
    ]);
    assert.equal(args[args.indexOf("--allowedTools") + 1], "Read,Glob,Grep,Bash(git:*)");
    assert.equal(args[args.indexOf("--model") + 1], "claude-sonnet-5-5");
    assert.equal(args[args.indexOf("--max-turns") + 1], "25");
    assert.match(args[args.indexOf("--append-system-prompt") + 1], /You are the code reviewer/);
    const ledger = JSON.parse(
      await Deno.readTextFile(join(sandbox.project, ".claude", "state", "costs.ndjson")),
    );
    assert.equal(ledger.provider, "claude-code");
    assert.equal(ledger.costUsd, 0.0123);
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("the token budget stops Claude Code; a missing claude names the fix", async () => {
  const sandbox = await createSandbox();
  try {
    await Deno.mkdir(join(sandbox.project, ".claude", "agents"), { recursive: true });
    await Deno.writeTextFile(
      join(sandbox.project, ".claude", "agents", "chatty.md"),
      "---\nname: chatty\ndescription: Talks a lot, for the budget test.\ntools: Read\nbudget:\n  tokens: 250\n---\n\nTalk.\n",
    );
    const trusted = await sandbox.run(["agents", "trust", "chatty", "--yes"]); // a new agent
    assert.equal(trusted.code, 0, trusted.stderr);
    const bin = await fakeClaude(
      sandbox.home,
      Array.from({ length: 20 }, (_, i) => assistant(`part ${i}`, 100)),
    );
    const stopped = await sandbox.run(["run", "chatty", "talk", "--provider", "claude-code"], {
      env: { PATH: `${bin}:${sandbox.env.PATH}` },
    });
    assert.equal(stopped.code, 1);
    assert.match(stopped.stdout, /chatty stopped: token budget of 250 reached/);
    assert.doesNotMatch(stopped.stdout, /part 5/);
    const missing = await sandbox.run(["run", "chatty", "talk", "--provider", "claude-code"], {
      env: { PATH: "/nonexistent" },
    });
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /Claude Code \(`claude`\) is not on PATH/);
    assert.match(missing.stderr, /ANTHROPIC_API_KEY/);
  } finally {
    await sandbox.cleanup();
  }
});
