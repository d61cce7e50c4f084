/** End to end: `super-agents events …` as a subprocess in a temp project. */

import { deepEqual, equal, match, ok } from "node:assert/strict";
import { join } from "node:path";
import { createSandbox, type Sandbox } from "../support/cli.ts";

async function project(): Promise<Sandbox> {
  const sandbox = await createSandbox();
  await Deno.mkdir(join(sandbox.project, ".claude", "events"), { recursive: true });
  return sandbox;
}

const logOf = (sandbox: Sandbox) => join(sandbox.project, ".claude", "events", "log.ndjson");

Deno.test("events emit, query, tail and verify", async () => {
  const sandbox = await project();
  try {
    const emitted = await sandbox.run([
      "events",
      "emit",
      "--type",
      "git.commit",
      "--agent",
      "hook",
      "--payload",
      '{"sha":"abc123"}',
      "--json",
    ]);
    equal(emitted.code, 0, emitted.stderr);
    const record = JSON.parse(emitted.stdout);
    equal(record.seq, 1);
    deepEqual(record.payload, { sha: "abc123" });
    await sandbox.run(["events", "emit", "--type", "task.started", "--task", "T1"]);
    const query = await sandbox.run(["events", "query", "--type", "git.*", "--json"]);
    equal(query.code, 0, query.stderr);
    deepEqual(JSON.parse(query.stdout).map((event: { id: string }) => event.id), [record.id]);
    const tail = await sandbox.run(["events", "tail", "-n", "1"]);
    match(tail.stdout, /#2 task\.started task=T1/);
    const verify = await sandbox.run(["events", "verify"]);
    equal(verify.code, 0);
    match(verify.stdout, /^ok: 2 event\(s\)/);
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("verify names the bad line and repair fixes it", async () => {
  const sandbox = await project();
  try {
    for (let i = 0; i < 4; i++) {
      await sandbox.run(["events", "emit", "--type", "n", "--payload", `{"i":${i}}`]);
    }
    const lines = (await Deno.readTextFile(logOf(sandbox))).trim().split("\n");
    lines[2] = lines[2].replace('"i":2', '"i":7');
    await Deno.writeTextFile(logOf(sandbox), lines.join("\n") + "\n");
    const bad = await sandbox.run(["events", "verify"]);
    equal(bad.code, 1);
    match(bad.stderr, /log\.ndjson line 3: edited: hash mismatch/);
    match(bad.stderr, /hint: run `super-agents events repair`/);
    const badJson = await sandbox.run(["events", "verify", "--json"]);
    equal(badJson.code, 1);
    equal(JSON.parse(badJson.stdout).firstBad.line, 3);
    const repair = await sandbox.run(["events", "repair"]);
    equal(repair.code, 0, repair.stderr);
    match(repair.stdout, /repaired from line 3 \(edited\): 1 line\(s\) moved/);
    equal((await sandbox.run(["events", "verify"])).code, 0);
    const repaired = await sandbox.run(["events", "query", "--type", "events.repaired", "--json"]);
    equal(JSON.parse(repaired.stdout)[0].payload.quarantined, 1);
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("rotate then verify --all across the archive", async () => {
  const sandbox = await project();
  try {
    await sandbox.run(["events", "emit", "--type", "before"]);
    const rotated = await sandbox.run(["events", "rotate"]);
    match(rotated.stdout, /archived to \.claude\/events\/archive\/.+\.ndjson\.gz/);
    await sandbox.run(["events", "emit", "--type", "after"]);
    const verify = await sandbox.run(["events", "verify", "--all", "--json"]);
    equal(verify.code, 0, verify.stdout);
    equal(JSON.parse(verify.stdout).files.length, 2);
    const query = await sandbox.run(["events", "query", "--type", "before,after", "--json"]);
    deepEqual(JSON.parse(query.stdout).map((event: { type: string }) => event.type), [
      "before",
      "after",
    ]);
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("--from-claude-hook records hook input and never fails the hook", async () => {
  const sandbox = await project();
  try {
    const hook = JSON.stringify({
      session_id: "sess-1",
      hook_event_name: "PostToolUse",
      tool_name: "Edit",
      tool_input: { file_path: "a.ts" },
    });
    const ok1 = await sandbox.run(["events", "emit", "--from-claude-hook"], { stdin: hook });
    equal(ok1.code, 0, ok1.stderr);
    equal(ok1.stdout, "", "hooks print nothing on stdout (it would become Claude's context)");
    const event = JSON.parse((await Deno.readTextFile(logOf(sandbox))).trim());
    equal(event.type, "claude.PostToolUse");
    match(event.correlation_id, /^toolu_/);
    for (const stdin of ["not json", '{"hook_event_name":"Stop"}', ""]) {
      const bad = await sandbox.run(["events", "emit", "--from-claude-hook"], { stdin });
      equal(bad.code, 0);
      match(bad.stderr, /hook event not recorded/);
    }
    const outside = await sandbox.run(["events", "emit", "--from-claude-hook"], {
      stdin: hook,
      cwd: sandbox.home,
    });
    equal(outside.code, 0);
    match(outside.stderr, /not inside a super-agents project/);
    equal((await Deno.readTextFile(logOf(sandbox))).trim().split("\n").length, 1);
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("bad input to events emit is a usage error with a hint", async () => {
  const sandbox = await project();
  try {
    const badJson = await sandbox.run(["events", "emit", "--type", "x", "--payload", "{oops"]);
    equal(badJson.code, 2);
    match(badJson.stderr, /--payload is not valid JSON/);
    const noType = await sandbox.run(["events", "emit"]);
    equal(noType.code, 2);
    const badType = await sandbox.run(["events", "emit", "--type", "bad type"]);
    equal(badType.code, 2);
    match(badType.stderr, /invalid event type/);
    const outside = await sandbox.run(["events", "emit", "--type", "x"], { cwd: sandbox.home });
    equal(outside.code, 1);
    match(outside.stderr, /hint: run `super-agents init`/);
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("events tail -f prints events appended while it runs", async () => {
  const sandbox = await project();
  try {
    const child = sandbox.spawn(["events", "tail", "-f", "--json"]);
    const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
    let output = "";
    // A failing run must not hang the suite: stop the follower after a generous deadline.
    const deadline = setTimeout(() => child.kill("SIGKILL"), 30_000);
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      const emitted = await sandbox.run(["events", "emit", "--type", "live.event"]);
      equal(emitted.code, 0, emitted.stderr);
      while (!output.includes("live.event")) {
        const { value, done } = await reader.read();
        if (done) break;
        output += value;
      }
    } finally {
      clearTimeout(deadline);
      try {
        child.kill("SIGTERM");
      } catch {
        // already killed by the deadline
      }
      await reader.cancel();
      await child.stderr.cancel();
      await child.status;
    }
    ok(output.includes('"type":"live.event"'));
  } finally {
    await sandbox.cleanup();
  }
});
