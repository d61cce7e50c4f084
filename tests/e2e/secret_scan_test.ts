/**
 * The secret scan end to end, through real `git commit`s with the hooks
 * installed and the CLI as a subprocess: a secret in a UTF-16 file, in a
 * file with NUL bytes, and in the middle of a 5 MB file each block the
 * commit with file, line and rule (the big one also when the file-system
 * guardian, which reports it as oversize, is skipped); a baseline written by
 * `check --write-baseline` accepts an old secret after edits move it, and a
 * new secret in the same file still blocks; a damaged baseline is an error
 * that names the file.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { createSandbox, type Sandbox } from "../support/cli.ts";
import { commitInSandbox, createGitRepo, type GitRepo } from "../support/git_repo.ts";
import { GITHUB_TOKEN } from "../plugins/local_checks/secrets.ts";

/** A Stripe-shaped live key, assembled so this file holds none. */
const STRIPE_KEY = "sk_" + "live_" + "4eC39HqLyjWDarjtT1zdp7dc9Xw2";
/** A second one, for "a new secret in the same file". */
const STRIPE_KEY_2 = "rk_" + "live_" + "Zq81LmWx7TvPb3Ns5Yk2Hd9Rj6Fg";

async function setup(): Promise<{ sandbox: Sandbox; repo: GitRepo }> {
  const sandbox = await createSandbox();
  const repo = await createGitRepo(sandbox.project);
  await repo.commit("init", { "README.md": "# app\n" });
  const installed = await sandbox.run(["hooks", "install"]);
  assert.equal(installed.code, 0, installed.stderr);
  return { sandbox, repo };
}

function utf16le(text: string): Uint8Array {
  const out = new Uint8Array(2 + text.length * 2);
  out.set([0xff, 0xfe]);
  for (let i = 0; i < text.length; i++) {
    out[2 + 2 * i] = text.charCodeAt(i) & 0xff;
    out[3 + 2 * i] = text.charCodeAt(i) >> 8;
  }
  return out;
}

Deno.test("secret scan e2e: a token in a UTF-16 file blocks the commit with file, line and rule", async () => {
  const { sandbox, repo } = await setup();
  try {
    await repo.write(
      "notes/export.txt",
      utf16le(`Exported notes\r\n\r\nbackup: ${GITHUB_TOKEN}\r\n`),
    );
    await repo.git("add", "notes/export.txt");
    const blocked = await commitInSandbox(sandbox, "export notes");
    assert.equal(blocked.code, 1, blocked.stderr);
    assert.match(blocked.stderr, /notes\/export\.txt:3: github-token/);
    assert.match(blocked.stderr, /commit blocked/);
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("secret scan e2e: a token in a file with NUL bytes blocks the commit", async () => {
  const { sandbox, repo } = await setup();
  try {
    const text = `LOG\u0000\u0000\u0001v2\nstarted\nstripe=${STRIPE_KEY}\nend\n`;
    await repo.write("data/session.dat", new TextEncoder().encode(text));
    await repo.git("add", "data/session.dat");
    const blocked = await commitInSandbox(sandbox, "session dump");
    assert.equal(blocked.code, 1, blocked.stderr);
    assert.match(blocked.stderr, /data\/session\.dat:3: stripe-secret-key/);
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("secret scan e2e: a token in the middle of a 5 MB file blocks, even with the guardian skipped", async () => {
  const { sandbox, repo } = await setup();
  try {
    const lines: string[] = [];
    for (let i = 1; i <= 160_000; i++) {
      lines.push(`${String(i).padStart(6, "0")} measurement ok value=${(i * 7919) % 10007}`);
    }
    const middle = 80_001;
    lines[middle - 1] = `token=${GITHUB_TOKEN}`;
    const text = lines.join("\n") + "\n";
    assert.ok(text.length > 5_000_000, `${text.length} bytes`);
    await repo.write("data/big.log.txt", text);
    await repo.git("add", "data/big.log.txt");

    const blocked = await commitInSandbox(sandbox, "big file");
    assert.equal(blocked.code, 1, blocked.stderr);
    assert.match(blocked.stderr, new RegExp(`data/big\\.log\\.txt:${middle}: github-token`));
    assert.match(blocked.stderr, /data\/big\.log\.txt:1: oversize-file/);

    const skipped = await commitInSandbox(sandbox, "big file", {
      SUPER_AGENTS_SKIP: "filesystem-guardian-check",
    });
    assert.equal(skipped.code, 1, skipped.stderr);
    assert.match(skipped.stderr, new RegExp(`data/big\\.log\\.txt:${middle}: github-token`));
    assert.doesNotMatch(skipped.stderr, /oversize-file/);
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("secret scan e2e: a baseline accepts an old secret after edits, and a new one still blocks", async () => {
  const { sandbox, repo } = await setup();
  try {
    const old = `export const legacy = "${STRIPE_KEY}";\n`;
    await repo.commit("legacy key (before the gate)", { "src/billing.ts": old });
    const written = await sandbox.run(["check", "--write-baseline"]);
    assert.equal(written.code, 0, written.stderr);
    assert.match(
      written.stdout,
      /recorded 1 accepted finding in 1 file to \.super-agents\/secrets-baseline\.json/,
    );
    const baseline = await Deno.readTextFile(
      join(sandbox.project, ".super-agents/secrets-baseline.json"),
    );
    assert.ok(!baseline.includes(STRIPE_KEY), "the baseline holds no secret");
    assert.deepEqual(
      JSON.parse(baseline).findings.map((f: { rule: string; file: string; line: number }) => [
        f.rule,
        f.file,
        f.line,
      ]),
      [["stripe-secret-key", "src/billing.ts", 1]],
    );

    // Lines added above move the old secret: still accepted (the fingerprint has no line).
    await repo.stage({
      ".super-agents/secrets-baseline.json": baseline,
      "src/billing.ts": `// billing\n// (legacy)\n${old}`,
    });
    const passed = await commitInSandbox(sandbox, "accept the legacy key");
    assert.equal(passed.code, 0, passed.stderr);

    await repo.stage({
      "src/billing.ts": `// billing\n// (legacy)\n${old}export const next = "${STRIPE_KEY_2}";\n`,
    });
    const blocked = await commitInSandbox(sandbox, "a new key");
    assert.equal(blocked.code, 1, blocked.stderr);
    assert.match(blocked.stderr, /src\/billing\.ts:4: stripe-secret-key/);
    assert.doesNotMatch(blocked.stderr, /src\/billing\.ts:3:/);
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("secret scan e2e: a damaged baseline is an error that names the file and the field", async () => {
  const { sandbox, repo } = await setup();
  try {
    await repo.write(
      ".super-agents/secrets-baseline.json",
      JSON.stringify({
        version: 1,
        findings: [{ fingerprint: "nope", rule: "x", file: "a", line: 1 }],
      }),
    );
    const result = await sandbox.run(["check", "--all"]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /secrets-baseline\.json is invalid: findings\.0\.fingerprint/);
    assert.match(result.stderr, /--write-baseline/);
    // A baseline of part of the repository would drop the accepted findings elsewhere: refused.
    const partial = await sandbox.run(["check", "--write-baseline", "--changed-since", "main"]);
    assert.equal(partial.code, 2, partial.stderr);
    assert.match(
      partial.stderr,
      /--write-baseline scans every tracked file; it does not take --changed-since/,
    );
    // Rewriting it repairs it.
    assert.equal((await sandbox.run(["check", "--write-baseline"])).code, 0);
    assert.equal((await sandbox.run(["check", "--all"])).code, 0);
  } finally {
    await sandbox.cleanup();
  }
});
