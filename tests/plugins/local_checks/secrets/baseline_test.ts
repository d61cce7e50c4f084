import assert from "node:assert/strict";
import { join } from "node:path";
import {
  BASELINE_PATH,
  baselineFingerprint,
  formatBaseline,
  readBaseline,
} from "../../../../plugins/local_checks/secrets/baseline.ts";

async function withBaseline(text: string | undefined, run: (root: string) => Promise<void>) {
  const root = await Deno.makeTempDir();
  try {
    if (text !== undefined) {
      await Deno.mkdir(join(root, ".super-agents"));
      await Deno.writeTextFile(join(root, BASELINE_PATH), text);
    }
    await run(root);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

Deno.test("baseline: fingerprints name rule, path and secret, not the line", () => {
  const a = baselineFingerprint("github-token", "ghp_one", "src/a.ts");
  assert.match(a, /^[0-9a-f]{64}$/);
  assert.notEqual(a, baselineFingerprint("github-token", "ghp_one", "src/b.ts"));
  assert.notEqual(a, baselineFingerprint("github-token", "ghp_two", "src/a.ts"));
  assert.notEqual(a, baselineFingerprint("npm-token", "ghp_one", "src/a.ts"));
});

Deno.test("baseline: written and read back; no file means an empty baseline", async () => {
  const entries = [
    { fingerprint: baselineFingerprint("r", "s2", "b.ts"), rule: "r", file: "b.ts", line: 2 },
    { fingerprint: baselineFingerprint("r", "s1", "a.ts"), rule: "r", file: "a.ts", line: 9 },
  ];
  const text = formatBaseline(entries);
  assert.ok(text.indexOf('"file": "a.ts"') < text.indexOf('"file": "b.ts"'), "sorted by file");
  assert.equal(text, JSON.stringify(JSON.parse(text), null, 2) + "\n", "as a formatter leaves it");
  assert.ok(!text.includes("s1"), "no secret in the file");
  await withBaseline(text, async (root) => {
    assert.deepEqual(new Set(await readBaseline(root)), new Set(entries.map((e) => e.fingerprint)));
  });
  await withBaseline(
    formatBaseline([]),
    async (root) => assert.deepEqual(await readBaseline(root), []),
  );
  await withBaseline(undefined, async (root) => assert.deepEqual(await readBaseline(root), []));
});

Deno.test("baseline: a damaged file is BASELINE_INVALID naming the file and the field", async () => {
  const cases: [string, RegExp][] = [
    ["{not json", /is invalid: not JSON/],
    [JSON.stringify({ version: 2, findings: [] }), /is invalid: version/],
    [
      JSON.stringify({
        version: 1,
        findings: [{ fingerprint: "x", rule: "r", file: "f", line: 1 }],
      }),
      /findings\.0\.fingerprint: 64 lower-case hex digits/,
    ],
    [JSON.stringify({ version: 1, findings: [], extra: true }), /is invalid/],
    [JSON.stringify([]), /is invalid: \(top level\)/],
  ];
  for (const [text, message] of cases) {
    await withBaseline(text, async (root) => {
      await assert.rejects(readBaseline(root), (error: Error & { code?: string }) => {
        assert.equal(error.code, "BASELINE_INVALID");
        assert.match(error.message, /\.super-agents\/secrets-baseline\.json/);
        assert.match(error.message, message);
        return true;
      });
    });
  }
});

Deno.test("baseline: this repository's committed baseline reads back through the schema", async () => {
  const root = new URL("../../../..", import.meta.url).pathname;
  const fingerprints = await readBaseline(root);
  assert.ok(fingerprints.length > 0, "the corpus's planted credentials are accepted there");
});
