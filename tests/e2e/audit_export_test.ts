/**
 * `audit export` then `audit verify --file`, end to end through the CLI in a
 * temp HOME: the untouched export verifies on its own (JSONL and CSV, whole
 * and `--since`), and an edited, deleted or reordered line — or a row whose
 * readable column was changed — is found and named. `audit report` sums up
 * the period in Markdown and HTML.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { createSandbox, type Sandbox } from "../support/cli.ts";

async function withAuditedSandbox(fn: (box: Sandbox) => Promise<void>): Promise<void> {
  const box = await createSandbox();
  try {
    for (
      const [name, role] of [["laptop", "admin"], ["ci", "viewer"], ["bot", "operator"], [
        "x",
        "viewer",
      ]]
    ) {
      const created = await box.run(["mcp", "token", "create", name, "--role", role]);
      assert.equal(created.code, 0, created.stderr);
    }
    await fn(box);
  } finally {
    await box.cleanup();
  }
}

async function verify(box: Sandbox, file: string) {
  const result = await box.run(["audit", "verify", "--file", file, "--json"]);
  return { code: result.code, verdict: JSON.parse(result.stdout) };
}

async function rewrite(path: string, change: (lines: string[]) => string[], eol = "\n") {
  const lines = (await Deno.readTextFile(path)).split(eol);
  const last = lines.pop(); // the empty string after the final line break
  await Deno.writeTextFile(path, [...change(lines), last].join(eol));
}

Deno.test("audit export (jsonl) verifies alone; an edited, deleted or reordered line is named", async () => {
  await withAuditedSandbox(async (box) => {
    const exported = await box.run(["audit", "export", "--out", "audit.jsonl"]);
    assert.equal(exported.code, 0, exported.stderr);
    const path = join(box.project, "audit.jsonl");
    assert.equal((await Deno.stat(path)).mode! & 0o077, 0);
    const pristine = await Deno.readTextFile(path);
    const ok = await verify(box, "audit.jsonl");
    assert.equal(ok.code, 0);
    assert.equal(ok.verdict.entries, 4);

    const cases: [string, (lines: string[]) => string[], RegExp, number][] = [
      ["edited", (l) => l.map((x, i) => i === 2 ? x.replace('"ci"', '"cj"') : x), /edited/, 3],
      ["deleted", (l) => l.filter((_, i) => i !== 2), /chain breaks/, 3],
      ["reordered", (l) => [l[0], l[1], l[3], l[2], l[4]], /chain breaks/, 3],
      ["last deleted", (l) => l.slice(0, -1), /deleted or added/, 1],
      [
        "proof edited",
        (l) => [l[0].replace('"entries":4', '"entries":3'), ...l.slice(1)],
        /deleted or added/,
        1,
      ],
    ];
    for (const [name, change, reason, line] of cases) {
      await Deno.writeTextFile(path, pristine);
      await rewrite(path, change);
      const broken = await verify(box, "audit.jsonl");
      assert.equal(broken.code, 1, name);
      assert.match(broken.verdict.problem.reason, reason, name);
      assert.equal(broken.verdict.problem.line, line, name);
    }
    await Deno.writeTextFile(path, pristine);
    const text = await box.run(["audit", "verify", "--file", "audit.jsonl"]);
    assert.match(text.stdout, /^export ok: 4 entries chained/);
  });
});

Deno.test("audit export --since starts at an anchor inside the log and still verifies", async () => {
  await withAuditedSandbox(async (box) => {
    const all = await box.run(["audit", "export", "--json"]);
    const lines = all.stdout.trim().split("\n");
    const third = JSON.parse(lines[3]);
    const since = await box.run([
      "audit",
      "export",
      "--since",
      String(third.ts),
      "--out",
      "tail.jsonl",
    ]);
    assert.equal(since.code, 0, since.stderr);
    const checked = await verify(box, "tail.jsonl");
    assert.equal(checked.code, 0, JSON.stringify(checked.verdict));
    const entries = lines.slice(1).map((line) => JSON.parse(line));
    const first = entries.findIndex((entry) => entry.ts >= third.ts);
    assert.equal(checked.verdict.entries, entries.length - first);
    // The anchor is the hash of the entry just before the export, not the genesis hash.
    assert.equal(checked.verdict.proof.anchor, entries[first - 1].hash);
    assert.equal(checked.verdict.proof.firstSeq, entries[first].seq);
  });
});

Deno.test("audit export --format csv verifies alone; a changed column or line is named", async () => {
  await withAuditedSandbox(async (box) => {
    const exported = await box.run(["audit", "export", "--format", "csv", "--out", "audit.csv"]);
    assert.equal(exported.code, 0, exported.stderr);
    const path = join(box.project, "audit.csv");
    const pristine = await Deno.readTextFile(path);
    assert.match(pristine.split("\r\n")[0], /^seq,time,action,outcome,actor,target/);
    assert.equal((await verify(box, "audit.csv")).code, 0);
    const column = pristine.replace(",token.create,ok,", ",token.create,denied,");
    await Deno.writeTextFile(path, column);
    const changed = await verify(box, "audit.csv");
    assert.equal(changed.code, 1);
    assert.match(changed.verdict.problem.reason, /column outcome does not match/);
    await Deno.writeTextFile(path, pristine);
    await rewrite(path, (rows) => [rows[0], rows[1], rows[3], rows[2], ...rows.slice(4)], "\r\n");
    const reordered = await verify(box, "audit.csv");
    assert.equal(reordered.code, 1);
    assert.match(reordered.verdict.problem.reason, /chain breaks/);
  });
});

Deno.test("audit report: widenings and denials in Markdown and HTML", async () => {
  await withAuditedSandbox(async (box) => {
    const md = await box.run(["audit", "report", "--since", "30d"]);
    assert.equal(md.code, 0, md.stderr);
    assert.match(md.stdout, /^# Compliance report/);
    assert.match(md.stdout, /## Permission widenings\n\n\| time \| who \| action/);
    assert.match(md.stdout, /token\.create \| laptop \| scopes=admin/);
    assert.match(md.stdout, /## Secret reveals\n\nnone/);
    const html = await box.run(["audit", "report", "--format", "html", "--out", "r.html"]);
    assert.equal(html.code, 0, html.stderr);
    const page = await Deno.readTextFile(join(box.project, "r.html"));
    assert.match(page, /<h2>Permission widenings<\/h2>/);
    assert.match(page, /<td>token\.create<\/td><td>bot<\/td>/);
    const bad = await box.run(["audit", "report", "--format", "pdf"]);
    assert.equal(bad.code, 2);
  });
});
