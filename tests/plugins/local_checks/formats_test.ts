import assert from "node:assert/strict";
import type { CheckReport } from "../../../plugins/local_checks/check_changes.ts";
import { blocks, inShard, parseShard } from "../../../plugins/local_checks/check_changes.ts";
import { formatJunit } from "../../../plugins/local_checks/format_junit.ts";
import { formatSarif } from "../../../plugins/local_checks/format_sarif.ts";
import { formatText } from "../../../plugins/local_checks/format_text.ts";
import type { Finding } from "../../../plugins/local_checks/types.ts";

const findings: Finding[] = [
  {
    file: "src/a <b>.ts",
    line: 3,
    rule: "aws-access-key-id",
    check: "secret-scan",
    message: 'AWS key "AKIA…4T"',
    fix: "rotate & remove",
    severity: "error",
    fingerprint: "ab".repeat(32),
  },
  {
    file: "src/b.ts",
    line: 1,
    rule: "changed-signature",
    check: "contract-guardian-check",
    message: "signature changed",
    fix: "check callers",
    severity: "warning",
  },
];
const report: CheckReport = {
  findings,
  checks: ["secret-scan", "contract-guardian-check", "dependency-check"],
  files: 2,
  changed: 2,
  ranIn: "inline",
  workers: 0,
  durationMs: 12,
  blocked: true,
};

Deno.test("text: file:line: rule: message, the fix, and the verdict", () => {
  const text = formatText(report, "commit");
  assert.match(
    text,
    /^src\/a <b>\.ts:3: aws-access-key-id: AWS key "AKIA…4T"\n {2}fix: rotate & remove\n/,
  );
  assert.match(text, /1 error, 1 warning — commit blocked/);
});

Deno.test("SARIF 2.1.0: rules, levels and locations", () => {
  const log = JSON.parse(formatSarif(findings));
  assert.equal(log.version, "2.1.0");
  const run = log.runs[0];
  assert.deepEqual(run.tool.driver.rules.map((r: { id: string }) => r.id), [
    "aws-access-key-id",
    "changed-signature",
  ]);
  assert.deepEqual(
    run.results.map((r: { level: string; ruleIndex: number }) => [r.level, r.ruleIndex]),
    [
      ["error", 0],
      ["warning", 1],
    ],
  );
  const location = run.results[0].locations[0].physicalLocation;
  assert.equal(location.artifactLocation.uri, "src/a%20%3Cb%3E.ts");
  assert.equal(location.region.startLine, 3);
  assert.deepEqual(run.results[0].partialFingerprints, { "secretFingerprint/v1": "ab".repeat(32) });
  assert.equal(run.results[1].partialFingerprints, undefined);
});

Deno.test("JUnit: one suite per check, failures only for blocking findings, XML escaped", () => {
  const xml = formatJunit(report);
  assert.match(xml, /<testsuites name="super-agents check" tests="3" failures="1"/);
  assert.match(xml, /<testsuite name="secret-scan" tests="1" failures="1"/);
  assert.match(xml, /name="src\/a &lt;b&gt;\.ts"/);
  assert.match(
    xml,
    /<testsuite name="contract-guardian-check" tests="1" failures="0"[\s\S]*<system-out>/,
  );
  assert.match(
    xml,
    /<testcase classname="dependency-check" name="dependency-check \(2 files\)"\/>/,
  );
  assert.equal(xml.match(/<testsuite /g)?.length, 3);
  assert.equal(xml.match(/<\/testsuite>/g)?.length, 3);
});

Deno.test("blocking threshold and shards", () => {
  assert.equal(blocks(findings.slice(1), "error"), false);
  assert.equal(blocks(findings.slice(1), "warning"), true);
  assert.equal(blocks(findings, "never"), false);
  assert.deepEqual(parseShard("2/4"), { index: 2, total: 4 });
  assert.equal(parseShard("5/4"), undefined);
  assert.equal(parseShard("0/4"), undefined);
  const paths = Array.from({ length: 40 }, (_, i) => `src/file${i}.ts`);
  const counts = [1, 2, 3].map((index) =>
    paths.filter((p) => inShard(p, { index, total: 3 })).length
  );
  assert.equal(counts.reduce((a, b) => a + b), 40); // every path in exactly one shard
  assert.ok(counts.every((n) => n > 0));
});
