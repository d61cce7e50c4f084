/**
 * `super-agents check` end to end, in real temp git repositories: what is
 * staged is checked (not the working tree), secrets block with the right
 * file:line, ordinary code passes, the allow-list works, the contract
 * guardian reports a removed export, and the report formats and the event
 * log get the result.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { createSandbox, type Sandbox } from "../support/cli.ts";
import { createGitRepo, type GitRepo } from "../support/git_repo.ts";
import { sha256Hex } from "../../plugins/local_checks/secret_allowlist.ts";
import { AWS_KEY_ID, PRIVATE_KEY, RANDOM_TOKEN } from "../plugins/local_checks/secrets.ts";

async function setup(withProject = false): Promise<{ sandbox: Sandbox; repo: GitRepo }> {
  const sandbox = await createSandbox();
  const repo = await createGitRepo(sandbox.project);
  if (withProject) {
    await Deno.mkdir(join(sandbox.project, ".claude", "events"), { recursive: true });
  }
  await repo.commit("init", {
    "src/api.ts": "export function parse(s: string): number {\n  return Number(s);\n}\n",
  });
  return { sandbox, repo };
}

const SECRETS = {
  "src/aws.ts":
    `// config\nexport const region = "eu-west-1";\nexport const keyId = "${AWS_KEY_ID}";\n`,
  "deploy/key.ts": `export const key = \`\n${PRIVATE_KEY}\`;\n`,
  "src/client.ts": `\n\n\nconst apiToken = "${RANDOM_TOKEN}";\n`,
};

Deno.test("check: staged secrets block with file:line; the same text unstaged does not", async () => {
  const { sandbox, repo } = await setup();
  try {
    await repo.stage(SECRETS);
    const blocked = await sandbox.run(["check"]);
    assert.equal(blocked.code, 1, blocked.stderr);
    const lines = blocked.stdout.split("\n").filter((line) => /^\S+:\d+: /.test(line));
    assert.deepEqual(lines.map((line) => line.split(": ").slice(0, 2).join(": ")), [
      "deploy/key.ts:2: private-key",
      "src/aws.ts:3: aws-access-key-id",
      "src/client.ts:4: high-entropy-secret",
    ]);
    assert.ok(!blocked.stdout.includes(AWS_KEY_ID), "the secret itself is never printed");
    assert.match(blocked.stdout, /check blocked/);

    // Unstage everything: the files stay in the working tree, and the check passes.
    await repo.git("reset", "-q");
    const clean = await sandbox.run(["check"]);
    assert.equal(clean.code, 0, clean.stdout + clean.stderr);
    assert.match(clean.stdout, /checks passed/);
    // Staged clean content with a secret only in the working tree also passes.
    await repo.stage({ "src/aws.ts": "export const region = 1;\n" });
    await repo.write("src/aws.ts", SECRETS["src/aws.ts"]);
    assert.equal((await sandbox.run(["check"])).code, 0);
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("check: ordinary code passes; allow-listed values pass", async () => {
  const { sandbox, repo } = await setup();
  try {
    await repo.stage({
      "src/util.ts": `export const port = config.km.portMin.toString();\n` +
        `export const id = "550e8400-e29b-41d4-a716-446655440000";\n` +
        `export const digest = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";\n`,
      "tests/fixtures_test.ts":
        `const fixture = "SGVsbG8gd29ybGQsIHRoaXMgaXMgYSB0ZXN0IGZpeHR1cmUu";\n`,
      "README.md": "See `this.is.a.dotted.identifier` and `a.b.c.d.e.f.g`.\n",
    });
    const ok = await sandbox.run(["check"]);
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);

    await repo.stage({ "src/client.ts": SECRETS["src/client.ts"] });
    assert.equal((await sandbox.run(["check"])).code, 1);
    await repo.write(
      ".claude/secrets-allowlist",
      `# test fixture token\nsha256:${sha256Hex(RANDOM_TOKEN)}\n`,
    );
    const allowed = await sandbox.run(["check"]);
    assert.equal(allowed.code, 0, allowed.stdout);
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("check: removing an exported function is reported; reports in every format", async () => {
  const { sandbox, repo } = await setup(true);
  try {
    await repo.stage({
      "src/api.ts": "export function format(n: number): string {\n  return String(n);\n}\n",
    });
    const text = await sandbox.run(["check"]);
    assert.equal(text.code, 1);
    assert.match(
      text.stdout,
      /^src\/api\.ts:1: removed-export: exported function parse was removed/m,
    );

    const json = await sandbox.run(["check", "--json"]);
    const report = JSON.parse(json.stdout);
    assert.equal(report.blocked, true);
    assert.equal(report.findings[0].rule, "removed-export");

    const sarif = await sandbox.run(["check", "--format", "sarif", "--output", "out.sarif"]);
    assert.equal(sarif.code, 1);
    const log = JSON.parse(await Deno.readTextFile(join(sandbox.project, "out.sarif")));
    assert.equal(log.runs[0].results[0].ruleId, "removed-export");

    const junit = await sandbox.run(["check", "--format", "junit"]);
    assert.match(junit.stdout, /<testsuite name="contract-guardian-check" tests="1" failures="1"/);

    const skipped = await sandbox.run(["check"], {
      env: { SUPER_AGENTS_SKIP: "contract-guardian-check" },
    });
    assert.equal(skipped.code, 0);

    const events = (await Deno.readTextFile(join(sandbox.project, ".claude/events/log.ndjson")))
      .trim().split("\n").map((line) => JSON.parse(line));
    const checks = events.filter((e) => e.type === "check.completed");
    assert.equal(checks.length, 5);
    assert.equal(checks[0].payload.blocked, true);
    assert.equal(checks[0].payload.findings[0].rule, "removed-export");
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("check: --changed-since, --all, --shard and usage errors", async () => {
  const { sandbox, repo } = await setup();
  try {
    const base = (await repo.git("rev-parse", "HEAD")).trim();
    await repo.commit("add key", { "src/aws.ts": SECRETS["src/aws.ts"] });
    const since = await sandbox.run(["check", "--changed-since", base, "--json"]);
    assert.equal(since.code, 1);
    assert.deepEqual(JSON.parse(since.stdout).findings.map((f: { file: string }) => f.file), [
      "src/aws.ts",
    ]);
    const all = JSON.parse((await sandbox.run(["check", "--all", "--json"])).stdout);
    assert.equal(all.files, 2);
    const shards = await Promise.all(
      ["1/2", "2/2"].map(async (s) =>
        JSON.parse((await sandbox.run(["check", "--all", "--shard", s, "--json"])).stdout)
      ),
    );
    assert.equal(shards[0].files + shards[1].files, 2);
    for (
      const bad of [["--format", "xml"], ["--shard", "3/2"], ["--all", "--staged"], [
        "--checks",
        "nope",
      ]]
    ) {
      const result = await sandbox.run(["check", ...bad]);
      assert.equal(result.code, 2, bad.join(" "));
      assert.match(result.stderr, /hint:/);
    }
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("check -o: an absolute path stays absolute; a relative one is under the cwd", async () => {
  const { sandbox } = await setup();
  const outside = await Deno.makeTempDir({ prefix: "super-agents-report-" });
  try {
    const absolute = join(outside, "report.json");
    const result = await sandbox.run(["check", "--all", "--format", "json", "-o", absolute]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(JSON.parse(await Deno.readTextFile(absolute)).ok, true);
    await assert.rejects(Deno.stat(join(sandbox.project, outside, "report.json")));
    await Deno.mkdir(join(sandbox.project, "src", "out"));
    const relative = await sandbox.run(["check", "--all", "--format", "json", "-o", "r.json"], {
      cwd: join(sandbox.project, "src", "out"),
    });
    assert.equal(relative.code, 0, relative.stderr);
    await Deno.stat(join(sandbox.project, "src", "out", "r.json"));
  } finally {
    await Deno.remove(outside, { recursive: true });
    await sandbox.cleanup();
  }
});

Deno.test("check -o: a report that cannot be written fails the command (exit 1) and says where", async () => {
  const { sandbox } = await setup();
  try {
    await Deno.writeTextFile(join(sandbox.home, "a-file"), "not a directory\n");
    const target = join(sandbox.home, "a-file", "report.json");
    const result = await sandbox.run(["check", "--all", "--format", "json", "-o", target]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /cannot write the report to .*a-file\/report\.json/);
    assert.doesNotMatch(result.stderr, /report it/);
  } finally {
    await sandbox.cleanup();
  }
});
