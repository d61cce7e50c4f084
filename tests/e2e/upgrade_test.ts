/**
 * `super-agents upgrade` as a subprocess: a project initialised by an
 * "older version" (simulated by rewriting files and their manifest hashes)
 * gets new templates where the user changed nothing, keeps user edits, and
 * writes `.new` files where both sides changed.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { createSandbox } from "../support/cli.ts";
import { agentTemplates } from "../../templates/mod.ts";

const sha = (text: string) => createHash("sha256").update(text).digest("hex");

Deno.test("upgrade keeps a user edit to an agent file and refreshes untouched ones", async () => {
  const names = Object.keys(agentTemplates).sort();
  if (names.length < 3) return; // needs three shipped agents to set up the three cases
  const [untouched, edited, both] = names.map((name) => `.claude/agents/${name}`);
  const sandbox = await createSandbox();
  try {
    assert.equal((await sandbox.run(["init"])).code, 0);
    const p = (path: string) => join(sandbox.project, path);
    const manifestPath = p(".claude/manifest.json");
    const manifest = JSON.parse(await Deno.readTextFile(manifestPath));
    const entry = (path: string) => manifest.files.find((f: { path: string }) => f.path === path);
    // As written by an older version: its template was "old ...", and the user has not touched it.
    await Deno.writeTextFile(p(untouched), "old template\n");
    Object.assign(entry(untouched), {
      sha256: sha("old template\n"),
      templateSha256: sha("old template\n"),
    });
    // The user edited a file whose template did not change.
    await Deno.writeTextFile(p(edited), "my edit\n");
    // The user edited a file whose template changed too.
    await Deno.writeTextFile(p(both), "my other edit\n");
    Object.assign(entry(both), { sha256: sha("older\n"), templateSha256: sha("older\n") });
    await Deno.writeTextFile(manifestPath, JSON.stringify(manifest, null, 2) + "\n");

    const result = await sandbox.run(["upgrade"], { cwd: p(".claude") });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(await Deno.readTextFile(p(untouched)), agentTemplates[names[0]]);
    assert.equal(await Deno.readTextFile(p(edited)), "my edit\n");
    assert.equal(await Deno.readTextFile(p(both)), "my other edit\n");
    assert.equal(await Deno.readTextFile(p(`${both}.new`)), agentTemplates[names[2]]);
    assert.match(result.stdout, new RegExp(`conflict\\s+${both.replaceAll(".", "\\.")}`));
    assert.match(result.stdout, /yours were kept/);

    const again = await sandbox.run(["upgrade", "--json"]);
    const steps = JSON.parse(again.stdout).steps as { kind: string }[];
    assert.ok(steps.every((s) => s.kind === "current" || s.kind === "keep"), again.stdout);
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("upgrade moves .claude/analytics.json into the config's analytics section (the section's own keys win) and removes it", async () => {
  const sandbox = await createSandbox();
  try {
    assert.equal((await sandbox.run(["init"])).code, 0);
    const claude = join(sandbox.project, ".claude");
    const configFile = join(claude, "config.json");
    const config = JSON.parse(await Deno.readTextFile(configFile));
    config.analytics = { routing: { target: 0.95 } };
    await Deno.writeTextFile(configFile, JSON.stringify(config));
    await Deno.writeTextFile(
      join(claude, "analytics.json"),
      JSON.stringify({
        routing: { target: 0.8, explore: 0 },
        slos: { "fs-guard": { latencyP95Ms: 200 } },
      }),
    );
    const dry = await sandbox.run(["upgrade", "--dry-run"]);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /moved \.claude\/analytics\.json into the analytics section/);
    assert.ok(await Deno.stat(join(claude, "analytics.json")), "a dry run moves nothing");
    const run = await sandbox.run(["upgrade"]);
    assert.equal(run.code, 0, run.stderr);
    await assert.rejects(Deno.stat(join(claude, "analytics.json")), Deno.errors.NotFound);
    const upgraded = JSON.parse(await Deno.readTextFile(configFile));
    assert.deepEqual(upgraded.analytics, {
      routing: { target: 0.95, explore: 0 },
      slos: { "filesystem-guardian-check": { latencyP95Ms: 200 } },
    });
    const got = await sandbox.run(["config", "get", "analytics.routing.explore", "--json"]);
    assert.equal(got.code, 0, got.stderr);
    assert.match(got.stdout, /\b0\b/);
    // A broken file is refused with the fix, and nothing is moved.
    await Deno.writeTextFile(join(claude, "analytics.json"), "{ nope");
    const bad = await sandbox.run(["upgrade"]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /analytics\.json is not valid JSON/);
    assert.ok(await Deno.stat(join(claude, "analytics.json")));
  } finally {
    await sandbox.cleanup();
  }
});
