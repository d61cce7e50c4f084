import assert from "node:assert/strict";
import { secretScan } from "../../../plugins/local_checks/secret_scan.ts";
import { parseAllowlist, sha256Hex } from "../../../plugins/local_checks/secret_allowlist.ts";
import { added, deleted, options } from "./options.ts";
import { AWS_KEY_ID, AWS_SECRET, GITHUB_TOKEN, JWT, PRIVATE_KEY, RANDOM_TOKEN } from "./secrets.ts";

const rules = async (text: string, path = "src/config.ts", opts = options()) =>
  (await secretScan([added(path, text)], opts)).map((f) => `${f.line} ${f.rule} ${f.severity}`);

Deno.test("secret scan: known formats are found on the right line", async () => {
  const text = [
    `const id = "${AWS_KEY_ID}";`,
    `const secret = "${AWS_SECRET}";`,
    `const gh = "${GITHUB_TOKEN}";`,
    `const jwt = "${JWT}";`,
    PRIVATE_KEY,
  ].join("\n");
  assert.deepEqual(await rules(text), [
    "1 aws-access-key-id error",
    "2 aws-secret-access-key error",
    "3 github-token error",
    "4 jwt error",
    "5 private-key error",
  ]);
});

Deno.test("secret scan: a random token assigned to a secret-like name is reported", async () => {
  assert.deepEqual(await rules(`\n\nexport const apiToken = "${RANDOM_TOKEN}";\n`), [
    "3 high-entropy-secret error",
  ]);
  assert.deepEqual(await rules(`API_TOKEN=${RANDOM_TOKEN}\n`, ".env.production"), [
    "1 high-entropy-secret error",
  ]);
  // In tests the entropy rule warns instead of blocking (fixtures are mostly fake).
  assert.deepEqual(await rules(`token = "${RANDOM_TOKEN}"`, "tests/a_test.ts"), [
    "1 high-entropy-secret warning",
  ]);
});

Deno.test("secret scan: ordinary code passes (dotted identifiers, UUIDs, digests, fixtures)", async () => {
  const text = `import { parse } from "../core/config/load.ts";
const value = config.km.portMin.toString().padStart(4, "0");
const chain = this.is.a.very.long.dotted.identifier.chain.with.many.parts;
const id = "550e8400-e29b-41d4-a716-446655440000";
const commit = "0123456789abcdef0123456789abcdef01234567";
const checksum = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
const fixture = "SGVsbG8gd29ybGQsIHRoaXMgaXMgYSB0ZXN0IGZpeHR1cmUgZm9yIGJhc2U2NA==";
const png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
const example = "AKIAIOSFODNN7EXAMPLE";
const url = "postgres://user:password@localhost:5432/app";
const header = "-----BEGIN PRIVATE KEY-----";
const name = SomeVeryLongCamelCaseIdentifierWithoutDigits;
const path = "src/components/navigation/NavigationBarItem.tsx";
`;
  assert.deepEqual(await rules(text), []);
  const lock =
    `"integrity": "sha512-z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg=="`;
  assert.deepEqual(await rules(lock, "package-lock.json"), []);
});

Deno.test("secret scan: a dotted string that is not a JWT is not one", async () => {
  assert.deepEqual(
    await rules(`const k = "eyJnotjson12345.eyJalsonotjson.signaturepart1234567";`),
    [],
  );
});

Deno.test("secret scan: allow-list by value, by sha256, by path, and the inline marker", async () => {
  const text = `const token = "${RANDOM_TOKEN}";\n`;
  assert.deepEqual(
    await rules(text, "a.ts", options({ allowlist: parseAllowlist(RANDOM_TOKEN) })),
    [],
  );
  const bySha = parseAllowlist(`# known fixture\nsha256:${sha256Hex(RANDOM_TOKEN)}\n`);
  assert.deepEqual(await rules(text, "a.ts", options({ allowlist: bySha })), []);
  const byPath = parseAllowlist("path:fixtures/**\n");
  assert.deepEqual(await rules(text, "fixtures/keys/a.ts", options({ allowlist: byPath })), []);
  assert.deepEqual(await rules(text, "src/a.ts", options({ allowlist: byPath })), [
    "1 high-entropy-secret error",
  ]);
  assert.deepEqual(
    await rules(`const token = "${RANDOM_TOKEN}"; // super-agents:allow-secret\n`),
    [],
  );
  assert.deepEqual(
    await rules(`// super-agents:allow-secret\nconst token = "${RANDOM_TOKEN}";\n`),
    [],
  );
});

Deno.test("secret scan: messages never contain the secret, deleted files are skipped", async () => {
  const [finding] = await secretScan([added("a.ts", `k = "${GITHUB_TOKEN}"`)], options());
  assert.ok(!finding.message.includes(GITHUB_TOKEN));
  assert.ok(finding.fix.includes(`sha256:${sha256Hex(GITHUB_TOKEN)}`));
  assert.deepEqual(await secretScan([deleted("a.ts", `k = "${GITHUB_TOKEN}"`)], options()), []);
});

Deno.test("secret scan: files over the size limit are scanned from oversizeContent, or said to be unscanned", async () => {
  const content = new TextEncoder().encode(`a\nb\nconst gh = "${GITHUB_TOKEN}";\n`);
  const big = {
    path: "dump.txt",
    status: "A" as const,
    mode: "100644",
    size: 10_000_000,
    oversizeContent: content,
  };
  const findings = await secretScan([big], options({ maxFileBytes: 1024 }));
  assert.deepEqual(findings.map((f) => `${f.file}:${f.line}:${f.rule}:${f.severity}`), [
    "dump.txt:3:github-token:error",
  ]);
  const unread = { path: "huge.bin", status: "A" as const, mode: "100644", size: 900_000_000 };
  assert.deepEqual(
    (await secretScan([unread], options({ maxFileBytes: 1024 }))).map((f) =>
      `${f.rule}:${f.severity}`
    ),
    [
      "secret-scan-skipped:warning",
    ],
  );
});

Deno.test("secret scan: a finding in the baseline is not reported, one elsewhere in the file is", async () => {
  const { baselineFingerprint } = await import("../../../plugins/local_checks/secrets/baseline.ts");
  const text = `const a = "${GITHUB_TOKEN}";\nconst b = "${AWS_KEY_ID}";\n`;
  const baseline = [baselineFingerprint("github-token", GITHUB_TOKEN, "src/config.ts")];
  assert.deepEqual(await rules(text, "src/config.ts", options({ baseline })), [
    "2 aws-access-key-id error",
  ]);
  // The same secret in another file is not covered by that entry.
  assert.deepEqual(await rules(text, "src/other.ts", options({ baseline })), [
    "1 github-token error",
    "2 aws-access-key-id error",
  ]);
});
