/**
 * MCP `agent_run` closes the loop with the supervised worker: after `init`
 * and `start` (no `worker` command), `agent_run` over STDIO (the real
 * `super-agents mcp` subprocess, as Claude Code runs it) and over Streamable
 * HTTP (the KM that `start` launched, with the project token) returns the
 * job's result — the text the fake Messages API answered — within its wait,
 * not "still queued". `stop` then leaves none of the project's processes.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { createSandbox } from "../support/cli.ts";
import { startFakeAnthropic, text } from "../support/fake_anthropic.ts";
import { callTool, connectHttp, connectStdio } from "../support/mcp_client.ts";
import { projectProcesses } from "../support/processes.ts";

// deno-lint-ignore no-explicit-any
function userText(body: any): string {
  return JSON.stringify(body.messages?.[0]?.content ?? "");
}

Deno.test("mcp agent_run returns the finished job's result over STDIO and HTTP, run by the supervised worker", async () => {
  const sandbox = await createSandbox();
  const fake = await startFakeAnthropic({
    responder: (body) => {
      const asked = userText(body);
      return text(asked.includes("over-http") ? "LGTM from http" : "LGTM from stdio");
    },
  });
  const model = { ANTHROPIC_API_KEY: "sk-test-dummy", ANTHROPIC_BASE_URL: fake.url };
  try {
    const init = await sandbox.run(["init", "--no-hooks"]);
    assert.equal(init.code, 0, init.stderr);
    const started = await sandbox.run(["start", "--json"], { env: model });
    assert.equal(started.code, 0, started.stderr);
    const info = JSON.parse(started.stdout);
    assert.ok(info.worker.workerPid > 0, started.stdout);

    const stderr = { text: "" };
    const stdio = await connectStdio(sandbox.project, sandbox.env, [], stderr);
    try {
      const run = await callTool(stdio, "agent_run", {
        agent: "reviewer-agent",
        task: "review the change over-stdio",
        waitMs: 120_000,
      });
      assert.equal(run.isError, false, run.text + stderr.text);
      assert.equal(run.json.done, true, run.text);
      assert.equal(run.json.task.state, "succeeded", run.text);
      assert.match(JSON.stringify(run.json.task.result), /LGTM from stdio/);
    } finally {
      await stdio.close();
    }

    const token = (await Deno.readTextFile(join(sandbox.project, ".claude/state/km.token")))
      .trim();
    const http = await connectHttp(info.url, token).catch(async (error) => {
      const log = await Deno.readTextFile(join(sandbox.project, ".claude/logs/km_server.log"));
      throw new Error(`${error}\n${log}`);
    });
    try {
      const run = await callTool(http, "agent_run", {
        agent: "reviewer-agent",
        task: "review the change over-http",
        waitMs: 120_000,
      });
      assert.equal(run.isError, false, run.text);
      assert.equal(run.json.done, true, run.text);
      assert.equal(run.json.task.state, "succeeded", run.text);
      assert.match(JSON.stringify(run.json.task.result), /LGTM from http/);
    } finally {
      await http.close();
    }
    // Both runs reached the model, each once: the worker ran them, nothing else did.
    const asked = fake.messageRequests().map((request) => userText(request.body));
    assert.equal(asked.filter((t) => t.includes("over-stdio")).length, 1, asked.join("\n"));
    assert.equal(asked.filter((t) => t.includes("over-http")).length, 1, asked.join("\n"));

    const stopped = await sandbox.run(["stop"]);
    assert.equal(stopped.code, 0, stopped.stderr);
    assert.deepEqual(await projectProcesses(sandbox.project), []);
  } finally {
    for (const process of await projectProcesses(sandbox.project)) {
      Deno.kill(process.pid, "SIGKILL");
    }
    await fake.close();
    await sandbox.cleanup();
  }
});

Deno.test("mcp agent_run without a running worker answers with the task id and how to start one", async () => {
  const sandbox = await createSandbox();
  try {
    assert.equal((await sandbox.run(["init", "--no-hooks"])).code, 0);
    const stdio = await connectStdio(sandbox.project, sandbox.env);
    try {
      const run = await callTool(stdio, "agent_run", {
        agent: "reviewer-agent",
        task: "review the change",
        waitMs: 100,
      });
      assert.equal(run.isError, false, run.text);
      assert.equal(run.json.done, false);
      assert.equal(run.json.state, "queued");
      assert.match(run.json.hint, /poll task_status with id \S+/);
      assert.match(
        run.json.hint,
        /no worker runs for this project: .* is stopped; run `super-agents start`/,
      );
    } finally {
      await stdio.close();
    }
  } finally {
    await sandbox.cleanup();
  }
});
