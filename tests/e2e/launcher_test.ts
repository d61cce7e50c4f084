/**
 * A project initialised through `deno run …/main.ts init` with no
 * `super-agents` on PATH: `init` says so and records the absolute command;
 * a commit runs the pre-commit gate through the hook; the `.mcp.json`
 * command answers an MCP `initialize` over STDIO and serves a tool call to
 * the SDK's client started exactly as `.mcp.json` says; and when the recorded
 * command moves, `doctor --fix` rewrites it.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { createSandbox, MAIN, type Sandbox } from "../support/cli.ts";
import { createGitRepo, GIT_ENV } from "../support/git_repo.ts";
import { callTool } from "../support/mcp_client.ts";
import { Client, StdioClientTransport } from "../../plugins/mcp/client_deps.ts";

/** A PATH with git and sh but neither super-agents nor deno. */
const SHORT_PATH = "/usr/bin:/bin";

function env(sandbox: Sandbox): Record<string, string> {
  return { ...sandbox.env, ...GIT_ENV, PATH: SHORT_PATH, NO_COLOR: "1" };
}

async function mcpInitialize(sandbox: Sandbox, command: string, args: string[]) {
  const child = new Deno.Command(command, {
    args,
    cwd: sandbox.project,
    env: env(sandbox),
    clearEnv: true,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const stderr = new Response(child.stderr).text();
  const writer = child.stdin.getWriter();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  const timer = setTimeout(() => child.kill("SIGKILL"), 30_000); // bound: a silent server fails
  try {
    const request = {
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: {
        protocolVersion: "2025-06-18",
        capabilities: {},
        clientInfo: { name: "launcher-test", version: "1.0.0" },
      },
    };
    await writer.write(new TextEncoder().encode(JSON.stringify(request) + "\n"));
    let buffered = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        throw new Error(`the MCP server closed its output before answering: ${await stderr}`);
      }
      buffered += value;
      const line = buffered.split("\n").find((l) => l.includes('"id":1'));
      if (line) return JSON.parse(line);
    }
  } finally {
    clearTimeout(timer);
    await writer.close().catch(() => {/* the server may have exited already */});
    await reader.cancel().catch(() => {/* the stream may be closed already */});
    try {
      child.kill("SIGTERM");
    } catch {
      // already exited
    }
    await child.status;
    await stderr;
  }
}

Deno.test("launcher: no super-agents on PATH — hooks and the MCP server still start it; doctor --fix repairs a moved one", async () => {
  const sandbox = await createSandbox();
  try {
    const repo = await createGitRepo(sandbox.project);
    await repo.commit("first", { "README.md": "# app\n" });
    const init = await sandbox.run(["init"], { env: { PATH: SHORT_PATH } });
    assert.equal(init.code, 0, init.stderr);
    assert.match(init.stdout, /`super-agents` is not on PATH/);
    assert.ok(init.stdout.includes(MAIN), init.stdout);

    const mcp = JSON.parse(await Deno.readTextFile(join(sandbox.project, ".mcp.json")));
    const server = mcp.mcpServers["super-agents"];
    assert.equal(server.command, Deno.execPath());
    assert.deepEqual(server.args.slice(-2), [MAIN, "mcp"]);
    const settings = await Deno.readTextFile(join(sandbox.project, ".claude/settings.json"));
    assert.ok(settings.includes(`${Deno.execPath()} run`), "Claude Code hooks use the launcher");

    // A commit runs the pre-commit gate through the hook's recorded command.
    await repo.stage({ "src/a.ts": "export const a = 1;\n" });
    const commit = await new Deno.Command("git", {
      args: ["commit", "-q", "-m", "change"],
      cwd: sandbox.project,
      env: env(sandbox),
      clearEnv: true,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stderr = new TextDecoder().decode(commit.stderr);
    assert.equal(commit.code, 0, stderr);
    // A hook that could not start super-agents warns "not found"; only the gate prints the rest.
    assert.doesNotMatch(stderr, /not found/);
    assert.match(stderr, /checks passed/);
    const events = await Deno.readTextFile(join(sandbox.project, ".claude/events/log.ndjson"));
    assert.match(events, /"type":"git\.post-commit"/, "the post-commit hook ran too");
    const answer = await mcpInitialize(sandbox, server.command, server.args);
    assert.equal(answer.result.serverInfo.name, "super-agents");
    // And it serves tools to a real client started exactly as .mcp.json says (PATH without us).
    const client = new Client({ name: "launcher-test", version: "1.0.0" });
    await client.connect(
      new StdioClientTransport({
        command: server.command,
        args: server.args,
        cwd: sandbox.project,
        env: env(sandbox),
        stderr: "ignore",
      }),
    );
    try {
      const agents = await callTool(client, "agent_list");
      assert.equal(agents.isError, false, agents.text);
      assert.ok(agents.json.agents.some((a: { name: string }) => a.name === "reviewer-agent"));
    } finally {
      await client.close();
    }

    // The recorded launcher moves away: doctor finds it and --fix rewrites every copy.
    const moved = {
      ...server,
      args: server.args.map((a: string) => a === MAIN ? "/gone/main.ts" : a),
    };
    mcp.mcpServers["super-agents"] = moved;
    await Deno.writeTextFile(
      join(sandbox.project, ".mcp.json"),
      JSON.stringify(mcp, null, 2) + "\n",
    );
    const diagnosed = await sandbox.run(["doctor"], { env: { PATH: SHORT_PATH } });
    assert.match(diagnosed.stdout, /which no longer exists/);
    const fixed = await sandbox.run(["doctor", "--fix"], { env: { PATH: SHORT_PATH } });
    assert.match(fixed.stdout + fixed.stderr, /rewrote \.mcp\.json/);
    const repaired = JSON.parse(await Deno.readTextFile(join(sandbox.project, ".mcp.json")));
    assert.deepEqual(repaired.mcpServers["super-agents"], server);
    const again = await sandbox.run(["doctor"], { env: { PATH: SHORT_PATH } });
    assert.doesNotMatch(again.stdout, /which no longer exists/);
    const hook = await Deno.readTextFile(join(sandbox.project, ".git/hooks/pre-commit"));
    assert.ok(hook.includes(MAIN));
  } finally {
    await sandbox.cleanup();
  }
});
