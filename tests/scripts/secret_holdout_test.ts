/**
 * The held-out secret corpus is sound ground truth: every item sits on the
 * line it claims, values carry valid checksums and well-formed key material,
 * decoys hold no planted value, the written ground truth holds no value, and
 * two runs produce different values (nothing is hard-coded). It does not
 * score the scanner.
 * @module
 */

import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { createPrivateKey } from "node:crypto";
import { join } from "node:path";
import {
  base62,
  checksummedToken,
  crc32,
  generateHoldout,
  type HoldoutCorpus,
  type HoldoutItem,
  validChecksum,
  validPypiToken,
  writeHoldout,
} from "../../scripts/generate_secret_holdout.ts";

const corpus = generateHoldout();

function fileText(c: HoldoutCorpus, file: string): string {
  const bytes = c.files.get(file);
  assert.ok(bytes, `${file} is listed in the ground truth but was not generated`);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return Buffer.from(bytes.subarray(2)).toString("utf16le").replace(/\r\n/g, "\n");
  }
  return new TextDecoder().decode(bytes);
}

const linesOf = (c: HoldoutCorpus, item: HoldoutItem) =>
  fileText(c, item.file).split("\n").slice(item.line - 1, item.endLine).join("\n");

Deno.test("crc32 and base62 match the reference values the token checksums rely on", () => {
  assert.equal(crc32("123456789"), 0xcbf43926);
  assert.equal(crc32(""), 0);
  assert.equal(base62(0, 6), "000000");
  assert.equal(base62(61, 1), "z");
  assert.equal(base62(62, 2), "10");
});

Deno.test("a checksummed token validates, and any one-character change breaks it", () => {
  const token = checksummedToken("ghp_");
  assert.ok(validChecksum(token));
  for (const at of [4, 20, 33, 39]) {
    const c = token[at] === "a" ? "b" : "a";
    assert.equal(
      validChecksum(token.slice(0, at) + c + token.slice(at + 1)),
      false,
      `changed at ${at}`,
    );
  }
  assert.equal(validChecksum(token.slice(0, -1)), false);
  assert.equal(validChecksum(`xyz_${token.slice(4)}`), false);
});

Deno.test("every item is on the lines it claims, and no two items share a line", () => {
  const seen = new Map<string, string>();
  for (const item of corpus.items) {
    assert.ok(item.line >= 1 && item.endLine >= item.line, `${item.file}:${item.line} range`);
    const text = linesOf(corpus, item);
    assert.ok(
      text.includes(item.value),
      `${item.file}:${item.line} (${item.kind}) does not hold its value`,
    );
    for (let l = item.line; l <= item.endLine; l++) {
      const key = `${item.file}:${l}`;
      assert.equal(
        seen.get(key),
        undefined,
        `${key} is claimed by ${seen.get(key)} and ${item.kind}`,
      );
      seen.set(key, item.kind);
    }
  }
});

Deno.test("planted items expect a finding, decoys at most a warning", () => {
  const planted = corpus.items.filter((i) => i.truth === "planted");
  const decoys = corpus.items.filter((i) => i.truth === "decoy");
  assert.ok(planted.length >= 80, `${planted.length} planted`);
  assert.ok(decoys.length >= 50, `${decoys.length} decoys`);
  for (const i of planted) {
    assert.ok(["block", "flag"].includes(i.expect), `${i.kind}: ${i.expect}`);
  }
  for (const i of decoys) {
    assert.ok(["may-warn", "must-not-flag"].includes(i.expect), `${i.kind}: ${i.expect}`);
  }
  for (const i of corpus.items) {
    assert.ok(i.why.length > 0 && i.shape.length > 0, `${i.kind} explained`);
  }
});

Deno.test("checksummed values are valid, and the labelled fake token really is invalid", () => {
  const withChecksum = corpus.items.filter((i) => i.checksum);
  assert.ok(withChecksum.filter((i) => i.checksum === "github").length >= 7);
  assert.ok(withChecksum.some((i) => i.checksum === "npm"));
  assert.ok(withChecksum.some((i) => i.checksum === "pypi"));
  for (const item of withChecksum) {
    const ok = item.checksum === "pypi" ? validPypiToken(item.value) : validChecksum(item.value);
    assert.ok(ok, `${item.file}:${item.line} ${item.kind} checksum`);
  }
  const fake = corpus.items.find((i) => i.kind === "test-fixture-fake-token");
  assert.ok(fake && fake.value.startsWith("ghp_"));
  assert.equal(validChecksum(fake.value), false);
});

Deno.test("private keys are real key material, public keys are not private", () => {
  for (const kind of ["private-key-rsa", "private-key-ec", "private-key-pkcs8"]) {
    const item = corpus.items.find((i) => i.kind === kind);
    assert.ok(item, kind);
    createPrivateKey(item.value); // throws on malformed PEM
  }
  const gcp = corpus.items.find((i) => i.kind === "gcp-service-account-private-key");
  assert.ok(gcp);
  const json = JSON.parse(fileText(corpus, gcp.file));
  createPrivateKey(json.private_key);

  const openssh = corpus.items.find((i) => i.kind === "private-key-openssh");
  assert.ok(openssh);
  const body = openssh.value.split("\n").slice(1, -1).join("");
  assert.ok(Buffer.from(body, "base64").subarray(0, 15).toString() === "openssh-key-v1\0");

  const putty = corpus.items.find((i) => i.kind === "putty-private-key");
  assert.ok(putty);
  assert.match(putty.value, /^PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\n/);
  assert.match(putty.value, /\nPrivate-MAC: [0-9a-f]{64}$/);

  const pub = corpus.items.find((i) => i.kind === "public-key-pem");
  assert.ok(pub && pub.truth === "decoy" && !pub.value.includes("PRIVATE"));
});

Deno.test("no decoy line holds a planted value", () => {
  const plantedValues = corpus.items.filter((i) => i.truth === "planted").map((i) => i.value);
  for (const decoy of corpus.items.filter((i) => i.truth === "decoy")) {
    const text = linesOf(corpus, decoy);
    for (const value of plantedValues) {
      assert.ok(!text.includes(value), `${decoy.file}:${decoy.line}`);
    }
  }
});

Deno.test("the encodings and sizes that hide secrets are really there", () => {
  const utf16 = corpus.files.get("tools/win/settings.ini")!;
  assert.deepEqual([...utf16.subarray(0, 2)], [0xff, 0xfe]);
  const nul = corpus.files.get("tools/legacy/export.dat")!;
  assert.ok(nul.subarray(0, 8000).includes(0));
  const big = corpus.items.find((i) => i.kind === "slack-bot-token-large-file")!;
  const size = corpus.files.get(big.file)!.length;
  assert.ok(size > 2 * 1024 * 1024, `${size} bytes`);
  const lines = fileText(corpus, big.file).split("\n").length;
  assert.ok(big.line > lines / 3 && big.line < (2 * lines) / 3, "planted in the middle");
});

Deno.test("the formats the review asked for are all present", () => {
  const kinds = new Set(corpus.items.map((i) => i.kind));
  for (
    const kind of [
      "aws-access-key-id",
      "gcp-service-account-private-key",
      "azure-storage-connection-string",
      "azure-ad-client-secret",
      "github-pat-classic",
      "github-pat-fine-grained",
      "github-app-installation-token",
      "gitlab-pat",
      "slack-bot-token",
      "slack-user-token",
      "slack-webhook",
      "stripe-secret-key",
      "stripe-restricted-key",
      "twilio-auth-token",
      "sendgrid-api-key",
      "mailgun-api-key",
      "mailchimp-api-key",
      "shopify-access-token",
      "square-access-token",
      "braintree-access-token",
      "openai-project-key",
      "anthropic-api-key",
      "huggingface-token",
      "npm-token",
      "pypi-token",
      "rubygems-api-key",
      "nuget-api-key",
      "docker-config-auth",
      "k8s-secret-data",
      "jwt-hs256-secret",
      "private-key-rsa",
      "private-key-ec",
      "private-key-openssh",
      "putty-private-key",
      "netrc-password",
      "pgpass-password",
      "db-url-postgres",
      "db-url-mysql",
      "db-url-mongodb+srv",
      "db-url-redis",
      "db-url-amqp",
      "basic-auth-url",
      "password-dotenv",
      "password-yaml",
      "password-docker-compose",
      "password-tfvars",
      "password-properties",
      "password-spring-yml",
      "password-settings-py",
      "password-wp-config",
      "password-shell-export",
      "openai-project-key",
      "stripe-secret-key-minified",
      "github-pat-in-markdown",
      "stripe-secret-key-csv",
      "documented-example-aws",
      "public-key-pem",
      "ssh-public-key",
      "npm-integrity",
      "go-sum",
      "bcrypt-hash-test",
      "uuid-no-context",
      "data-uri-image",
      "dev-default-localhost-url",
      "public-stripe-publishable",
      "public-firebase-api-key",
      "placeholder-env-reference",
      "placeholder-template",
      "reference-os-getenv",
    ]
  ) assert.ok(kinds.has(kind), `missing ${kind}`);
});

Deno.test("two runs make different values: nothing is a fixed string", () => {
  const again = generateHoldout();
  for (
    const kind of [
      "github-pat-classic",
      "aws-secret-access-key",
      "private-key-openssh",
      "password-dotenv",
    ]
  ) {
    const a = corpus.items.find((i) => i.kind === kind)!.value;
    const b = again.items.find((i) => i.kind === kind)!.value;
    assert.notEqual(a, b, kind);
  }
});

Deno.test("written to disk: the files byte for byte, and ground truth without any value", async () => {
  const dir = await Deno.makeTempDir({ prefix: "secret-holdout-test-" });
  try {
    const written = await writeHoldout(dir);
    for (const [file, bytes] of written.files) {
      assert.deepEqual(await Deno.readFile(join(dir, "corpus", file)), bytes, file);
    }
    const raw = await Deno.readTextFile(join(dir, "ground_truth.json"));
    const truth = JSON.parse(raw) as {
      planted: number;
      decoys: number;
      items: Record<string, unknown>[];
    };
    assert.equal(truth.items.length, written.items.length);
    assert.equal(truth.planted + truth.decoys, written.items.length);
    for (const entry of truth.items) {
      assert.equal("value" in entry, false);
      for (const field of ["file", "line", "endLine", "kind", "truth", "expect", "shape", "why"]) {
        assert.ok(field in entry, `ground truth entry lacks ${field}`);
      }
    }
    for (const item of written.items.filter((i) => i.truth === "planted")) {
      assert.ok(!raw.includes(item.value), `${item.kind}'s value leaked into ground_truth.json`);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
