/**
 * Child processes of a job run inside bubblewrap with exactly the job's
 * grants: each test starts a real program in a real sandbox and checks what
 * it could see and change on disk, in /proc, in its environment and on the
 * network. In CI a missing bubblewrap is a failure, not a skip.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { containedCommand, requireContainment } from "../../../core/pool/contained_command.ts";
import { type Containment, detectContainment } from "../../../core/pool/containment.ts";
import { type JobSandbox, jobSandbox } from "../../../core/pool/job_sandbox.ts";
import { workerPermissions } from "../../../core/pool/sandbox.ts";
import type { SandboxSpec } from "../../../core/pool/sandbox.ts";
import { skipWithout } from "../../support/service.ts";

const containment = detectContainment((name) => Deno.env.get(name));
const available = containment.kind === "bubblewrap";
const skip = skipWithout("bubblewrap", available, "apt-get install bubblewrap");

interface Fixture {
  root: string;
  home: string;
  outside: string;
  workspace: string;
  cleanup(): Promise<void>;
}

async function fixture(): Promise<Fixture> {
  const base = await Deno.realPath(await Deno.makeTempDir({ prefix: "contained-" }));
  const root = join(base, "project");
  const home = join(base, "home");
  const outside = join(base, "outside");
  const workspace = join(root, ".claude", "workspaces", "job_1");
  for (const dir of [root, home, outside, workspace, join(root, ".git"), join(root, "src")]) {
    await Deno.mkdir(dir, { recursive: true });
  }
  await Deno.mkdir(join(root, ".claude", "state"), { recursive: true });
  await Deno.mkdir(join(root, ".claude", "agents"), { recursive: true });
  await Deno.mkdir(join(home, ".super-agents"), { recursive: true });
  await Deno.writeTextFile(join(home, ".super-agents", "secret.key"), "MASTER-KEY-123");
  await Deno.writeTextFile(join(root, ".claude", "state", "km.token"), "KM-TOKEN-456");
  await Deno.writeTextFile(join(root, ".git", "config"), "[core]\n");
  await Deno.writeTextFile(join(root, ".claude", "agents", "a.md"), "agent\n");
  await Deno.writeTextFile(join(root, "src", "a.txt"), "inside\n");
  await Deno.writeTextFile(join(outside, "secret.txt"), "OUTSIDE-SECRET");
  return { root, home, outside, workspace, cleanup: () => Deno.remove(base, { recursive: true }) };
}

function sandboxOf(f: Fixture, spec: SandboxSpec, c: Containment = containment): JobSandbox {
  const place = {
    root: f.root,
    workspacesDir: join(f.root, ".claude", "workspaces"),
    modelApiHost: "api.anthropic.com",
    containment: () => c,
  };
  return jobSandbox({
    root: f.root,
    permissions: workerPermissions(spec, place, [f.workspace]),
    run: spec.run ?? false,
    containment: c,
    masks: [join(f.home, ".super-agents")],
    path: Deno.env.get("PATH"),
  });
}

async function sh(sandbox: JobSandbox, script: string, env?: Record<string, string>) {
  const output = await containedCommand(sandbox, "sh", ["-c", script], env ? { env } : {}).output();
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { code: output.code, out: decode(output.stdout), err: decode(output.stderr) };
}

const test = (name: string, fn: () => Promise<void>) =>
  Deno.test({ name: `contained children: ${name}`, ignore: skip, fn });

test("read grants are read-only, write grants writable, nothing else exists", async () => {
  const f = await fixture();
  try {
    const sandbox = sandboxOf(f, { read: ["."], write: [], run: ["sh"] });
    const r = await sh(
      sandbox,
      `cat ${f.root}/src/a.txt; echo x > ${f.root}/src/b.txt; echo "w=$?"; ` +
        `echo y > ${f.workspace}/out.txt; echo "ws=$?"; cat ${f.outside}/secret.txt; ` +
        `echo z > ${f.outside}/new.txt; ls /root /home 2>&1 | head -3`,
    );
    assert.match(r.out, /inside/);
    assert.match(r.out, /w=[1-9]/);
    assert.match(r.out, /ws=0/);
    assert.doesNotMatch(r.out + r.err, /OUTSIDE-SECRET/);
    assert.equal(await Deno.readTextFile(join(f.workspace, "out.txt")), "y\n");
    await assert.rejects(Deno.stat(join(f.root, "src", "b.txt")), Deno.errors.NotFound);
    await assert.rejects(Deno.stat(join(f.outside, "new.txt")), Deno.errors.NotFound);
  } finally {
    await f.cleanup();
  }
});

test("a broad write grant leaves .git, .claude and agent files read-only", async () => {
  const f = await fixture();
  try {
    const sandbox = sandboxOf(f, { read: ["."], write: ["."], run: ["sh"] });
    const r = await sh(
      sandbox,
      `echo evil >> ${f.root}/.git/config; echo evil > ${f.root}/.claude/agents/a.md; ` +
        `echo new > ${f.root}/.claude/agents/b.md; echo ok > ${f.root}/src/c.txt; ` +
        `echo ws > ${f.workspace}/w.txt; echo done`,
    );
    assert.match(r.out, /done/);
    assert.equal(await Deno.readTextFile(join(f.root, ".git", "config")), "[core]\n");
    assert.equal(await Deno.readTextFile(join(f.root, ".claude", "agents", "a.md")), "agent\n");
    await assert.rejects(
      Deno.stat(join(f.root, ".claude", "agents", "b.md")),
      Deno.errors.NotFound,
    );
    assert.equal(await Deno.readTextFile(join(f.root, "src", "c.txt")), "ok\n");
    assert.equal(await Deno.readTextFile(join(f.workspace, "w.txt")), "ws\n");
  } finally {
    await f.cleanup();
  }
});

test("the credential store and the KM's state are hidden, even under read: true", async () => {
  const f = await fixture();
  try {
    for (const read of [true, ["."]] as const) {
      const sandbox = sandboxOf(f, { read: read as true | string[], run: ["sh"] });
      const r = await sh(
        sandbox,
        `cat ${f.home}/.super-agents/secret.key ${f.root}/.claude/state/km.token 2>&1; true`,
      );
      assert.doesNotMatch(r.out, /MASTER-KEY-123|KM-TOKEN-456/, `read: ${JSON.stringify(read)}`);
    }
  } finally {
    await f.cleanup();
  }
});

test("its own /proc: no other process, no inherited environment", async () => {
  const f = await fixture();
  try {
    Deno.env.set("SA_TEST_API_KEY", "sk-ant-test-ENVIRON-SECRET");
    const sandbox = sandboxOf(f, { read: ["."], run: ["sh"], env: true });
    const r = await sh(
      sandbox,
      `for p in /proc/[0-9]*; do cat $p/environ 2>/dev/null | tr '\\0' ' '; echo; done; ` +
        `ls -d /proc/[0-9]* | wc -l; env`,
    );
    assert.doesNotMatch(r.out, /ENVIRON-SECRET/);
    const processes = Number(r.out.trim().split("\n").find((l) => /^\s*\d+\s*$/.test(l)));
    assert.ok(processes > 0 && processes <= 5, `processes visible: ${processes}`);
  } finally {
    Deno.env.delete("SA_TEST_API_KEY");
    await f.cleanup();
  }
});

test("no network unless the job has net: true", async () => {
  const f = await fixture();
  const seen: string[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (request) => {
    seen.push(request.url);
    return new Response("hello");
  });
  try {
    const port = server.addr.port;
    const script =
      `python3 -c "import urllib.request;print(urllib.request.urlopen('http://127.0.0.1:${port}/').read())"`;
    const closed = sandboxOf(f, { read: ["."], run: ["sh", "python3"], net: ["127.0.0.1"] });
    const denied = await sh(closed, script);
    assert.notEqual(denied.code, 0);
    assert.equal(seen.length, 0);
    const open = sandboxOf(f, { read: ["."], run: ["sh", "python3"], net: true });
    const allowed = await sh(open, script);
    assert.equal(allowed.code, 0, allowed.err);
    assert.equal(seen.length, 1);
  } finally {
    await server.shutdown();
    await f.cleanup();
  }
});

test("credential-like variables never reach a child, even when granted", async () => {
  const f = await fixture();
  try {
    Deno.env.set("SA_GRANTED_PLAIN", "plain-value");
    Deno.env.set("SA_GRANTED_TOKEN", "token-value");
    const sandbox = sandboxOf(f, {
      read: ["."],
      run: ["sh"],
      env: ["SA_GRANTED_PLAIN", "SA_GRANTED_TOKEN"],
    });
    const r = await sh(sandbox, "env");
    assert.match(r.out, /SA_GRANTED_PLAIN=plain-value/);
    assert.doesNotMatch(r.out, /token-value/);
  } finally {
    Deno.env.delete("SA_GRANTED_PLAIN");
    Deno.env.delete("SA_GRANTED_TOKEN");
    await f.cleanup();
  }
});

test("a program outside the run grant, or no containment, is refused with the fix", async () => {
  const f = await fixture();
  try {
    const sandbox = sandboxOf(f, { read: ["."], run: ["git"] });
    assert.throws(
      () => containedCommand(sandbox, "sh", ["-c", "true"]),
      /not a program this agent may run/,
    );
    const none = sandboxOf(f, { read: ["."], run: ["sh"] }, {
      kind: "unavailable",
      reason: "test",
    });
    assert.throws(
      () => containedCommand(none, "sh", ["-c", "true"]),
      (error: Error & { hint?: string }) =>
        /OS sandbox/.test(error.message) && /bubblewrap/.test(error.hint ?? ""),
    );
  } finally {
    await f.cleanup();
  }
});

test("git aliases and interpreters run, but only inside the sandbox", async () => {
  const f = await fixture();
  try {
    const git = new Deno.Command("git", { args: ["init", "-q", f.outside] });
    await git.output();
    const sandbox = sandboxOf(f, { read: ["."], run: ["git", "python3"] });
    const alias = await containedCommand(sandbox, "git", [
      "-c",
      `alias.x=!cat ${f.home}/.super-agents/secret.key; echo pwned > ${f.outside}/alias.txt`,
      "x",
    ], { cwd: f.root }).output();
    const text = new TextDecoder().decode(alias.stdout) + new TextDecoder().decode(alias.stderr);
    assert.doesNotMatch(text, /MASTER-KEY-123/);
    await assert.rejects(Deno.stat(join(f.outside, "alias.txt")), Deno.errors.NotFound);
    const python = await containedCommand(sandbox, "python3", [
      "-c",
      `open('${f.outside}/py.txt','w').write('x')`,
    ]).output();
    assert.notEqual(python.code, 0);
    await assert.rejects(Deno.stat(join(f.outside, "py.txt")), Deno.errors.NotFound);
  } finally {
    await f.cleanup();
  }
});

Deno.test("a job that may start programs is refused up front where nothing can contain them", () => {
  const sandbox = (run: boolean | string[], kind: "unavailable" | "bubblewrap") => ({
    root: "/p",
    read: ["/p"],
    write: false,
    net: false,
    run,
    env: false,
    containment: kind === "bubblewrap"
      ? { kind, path: "/usr/bin/bwrap" } as const
      : { kind, reason: "bubblewrap (bwrap) is not installed" } as const,
    programs: {},
    bwrapArgs: [],
    denoDir: null,
  });
  assert.throws(
    () => requireContainment(sandbox(["git"], "unavailable"), "reviewer-agent"),
    (error: Error & { code?: string; retryable?: boolean }) =>
      error.code === "SANDBOX_UNAVAILABLE" && error.retryable === false &&
      /reviewer-agent/.test(error.message) && /run: git/.test(error.message) &&
      /apt-get install bubblewrap/.test(error.message),
  );
  requireContainment(sandbox(false, "unavailable"), "secret-free");
  requireContainment(sandbox([], "unavailable"), "secret-free");
  requireContainment(sandbox(["git"], "bubblewrap"), "reviewer-agent");
});
