/**
 * Redaction of secrets in text and JSON values: each known token format and
 * secret-named assignment is replaced by `[REDACTED:<rule>]` with its
 * context kept; look-alikes and placeholders stay as they are. Fake secrets
 * are assembled at run time (see tests/plugins/local_checks/secrets.ts).
 */
import assert from "node:assert/strict";
import {
  MAX_REDACT_DEPTH,
  redactText,
  redactValue,
  TOO_DEEP,
} from "../../../core/secrets/redact.ts";
import {
  AWS_KEY_ID,
  AWS_SECRET,
  GITHUB_TOKEN,
  JWT,
  PRIVATE_KEY,
} from "../../plugins/local_checks/secrets.ts";
import { base62, crc32 } from "../../../core/secrets/token_shapes/checksums.ts";

const ANTHROPIC_KEY = "sk-" + "ant-api03-" +
  "Qm7vR2xK9pL4nT8wZ3cF6hJ1sD5gB0yE-aU_iOe4Xk2Lp9Tz7Nq3Wc8Vb5Hm1Jr6Fd0Gs-Ya_UePqRsTuVwXyZa1b2C3d4AA";
const OPENAI_KEY = "sk-" + "proj-" + "Xr4Tq9Lm2Vz7Kp3Wn8Bc5Hj1Fd6Gs0Ya-Ue_IoPqRsTuVw";
const NPM_TOKEN = "npm" + "_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5" +
  base62(crc32("a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5"), 6);
const BEARER = "Zk29fQ" + "mL7xP3vR8tN2wB6cY4hJ1sD";

/** A sample per rule of the pattern table: each must be redacted (this also checks the pre-check). */
const SAMPLES: Record<string, { text: string; secret: string }> = {
  "private-key": { text: `key:\n${PRIVATE_KEY}`, secret: "MIIEowIBAAKCAQEA0Z3VS5JJcds3xfn" },
  "aws-access-key-id": { text: `id ${AWS_KEY_ID} here`, secret: AWS_KEY_ID },
  "github-token": { text: `token ${GITHUB_TOKEN}`, secret: GITHUB_TOKEN },
  "gitlab-token": {
    text: "use glpat-" + "Ab3dE6gH9jK2mN5pQ8sT",
    secret: "glpat-" + "Ab3dE6gH9jK2mN5pQ8sT",
  },
  "slack-token": {
    text: "xoxb-" + "2741953068-Qz7RkP4mXw9L",
    secret: "xoxb-" + "2741953068-Qz7RkP4mXw9L",
  },
  "slack-webhook": {
    text: "post to https://hooks.slack.com/services/" + "T04Q7/B05K2/Zr8mPq3Lx7Vn2Kw9Tb4Hc6Jd",
    secret: "T04Q7/B05K2/Zr8mPq3Lx7Vn2Kw9Tb4Hc6Jd",
  },
  "stripe-secret-key": {
    text: "sk_" + "live_" + "4eC39HqLyjWDarjtT1zdp7dc",
    secret: "4eC39HqLyjWDarjtT1zdp7dc",
  },
  "stripe-test-key": {
    text: "sk_" + "test_" + "4eC39HqLyjWDarjtT1zdp7dc",
    secret: "4eC39HqLyjWDarjtT1zdp7dc",
  },
  "anthropic-api-key": { text: `key ${ANTHROPIC_KEY}`, secret: ANTHROPIC_KEY },
  "openai-api-key": { text: `key ${OPENAI_KEY}`, secret: OPENAI_KEY },
  "google-api-key": {
    text: "key=AI" + "zaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW",
    secret: "AI" + "zaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW",
  },
  "npm-token": {
    text: `//registry/:_auth ${NPM_TOKEN}`,
    secret: NPM_TOKEN,
  },
  "jwt": { text: `cookie: session ${JWT};`, secret: JWT },
  "credentials-in-url": {
    text: "DATABASE_URL is postgres://app:" + "s3cr3tPa55@db:5432/app",
    secret: "s3cr3tPa55",
  },
};

Deno.test("redactText: a GitHub token in an Authorization header keeps the header", () => {
  const text = `curl -H "Authorization: Bearer ${GITHUB_TOKEN}" https://api.github.com/user`;
  assert.equal(
    redactText(text),
    'curl -H "Authorization: Bearer [REDACTED:github-token]" https://api.github.com/user',
  );
});

Deno.test("redactText: an Authorization header with a token of unknown format", () => {
  assert.equal(
    redactText(`Authorization: Bearer ${BEARER}`),
    "Authorization: Bearer [REDACTED:authorization]",
  );
  assert.equal(
    redactText(`proxy-authorization: Basic ${btoa("user:" + "pa55word!")}`),
    "proxy-authorization: Basic [REDACTED:authorization]",
  );
  assert.equal(
    redactText(`-H 'X-Token: Bearer ${BEARER}'`),
    "-H 'X-Token: Bearer [REDACTED:bearer-token]'",
  );
});

Deno.test("redactText: Anthropic and OpenAI keys, bare and assigned", () => {
  assert.equal(
    redactText(`the key is ${ANTHROPIC_KEY}.`),
    "the key is [REDACTED:anthropic-api-key].",
  );
  assert.equal(
    redactText(`ANTHROPIC_API_KEY=${ANTHROPIC_KEY}\nOPENAI_API_KEY=${OPENAI_KEY}\n`),
    "ANTHROPIC_API_KEY=[REDACTED:anthropic-api-key]\nOPENAI_API_KEY=[REDACTED:openai-api-key]\n",
  );
  // An OpenAI-style key of no known shape is still caught by its name.
  assert.equal(
    redactText("OPENAI_API_KEY=sk-" + "abc123def456"),
    "OPENAI_API_KEY=[REDACTED:secret-assignment]",
  );
});

Deno.test("redactText: an AWS key id and its secret key, named or not", () => {
  const credentials =
    `[default]\naws_access_key_id = ${AWS_KEY_ID}\naws_secret_access_key = ${AWS_SECRET}\n`;
  assert.equal(
    redactText(credentials),
    "[default]\naws_access_key_id = [REDACTED:aws-access-key-id]\n" +
      "aws_secret_access_key = [REDACTED:aws-secret-access-key]\n",
  );
  const command = `aws configure import ${AWS_KEY_ID} ${AWS_SECRET}`;
  assert.equal(
    redactText(command),
    "aws configure import [REDACTED:aws-access-key-id] [REDACTED:aws-secret-access-key]",
  );
});

Deno.test("redactText: .env, YAML, JSON and URL-query assignments of secret-named values", () => {
  assert.equal(
    redactText("DB_HOST=localhost\nDB_PASSWORD=hunter2!x\nDB_PORT=5432\n"),
    "DB_HOST=localhost\nDB_PASSWORD=[REDACTED:secret-assignment]\nDB_PORT=5432\n",
  );
  assert.equal(
    redactText('{"user": "bob", "password": "hunter2!x", "client_secret":"c0ffee-beef"}'),
    '{"user": "bob", "password": "[REDACTED:secret-assignment]", ' +
      '"client_secret":"[REDACTED:secret-assignment]"}',
  );
  assert.equal(
    redactText("db:\n  passwd: 'open sesame'\n  apiKey: k3y-v4lue\n"),
    "db:\n  passwd: '[REDACTED:secret-assignment]'\n  apiKey: [REDACTED:secret-assignment]\n",
  );
  assert.equal(
    redactText("GET /cb?code=1&access_token=abcd1234&state=x"),
    "GET /cb?code=1&access_token=[REDACTED:secret-assignment]&state=x",
  );
  // JSON inside a JSON string (escaped quotes), as a tool result often carries it.
  assert.equal(
    redactText('{\\"private_key\\":\\"abc123xyz\\"}'),
    '{\\"private_key\\":\\"[REDACTED:secret-assignment]\\"}',
  );
  assert.equal(
    redactText("mysql --password=hunter2!x -u root"),
    "mysql --password=[REDACTED:secret-assignment] -u root",
  );
});

Deno.test("redactText: a private key block is replaced whole", () => {
  assert.equal(redactText(`key:\n${PRIVATE_KEY}done`), "key:\n[REDACTED:private-key]\ndone");
  // Cut off before its END line (a preview): everything from the header on goes.
  const cut = PRIVATE_KEY.slice(0, 120);
  assert.equal(redactText(`pem ${cut}`), "pem [REDACTED:private-key]");
});

Deno.test("redactText: a sample of each kind of rule is redacted", () => {
  for (const [rule, { text, secret }] of Object.entries(SAMPLES)) {
    const redacted = redactText(text);
    assert.ok(redacted.includes(`[REDACTED:${rule}]`), `${rule}: ${redacted}`);
    assert.ok(!redacted.includes(secret), `${rule} leaks: ${redacted}`);
  }
});

Deno.test("redactText: placeholders, counts and look-alikes stay", () => {
  const kept = [
    "password: ${DB_PASSWORD}",
    "DB_PASSWORD=$DB_PASSWORD",
    "token_count: 12",
    "max_tokens: 1024",
    '{"input_tokens": 5, "output_tokens": 7}',
    "interface Login { password: string; token?: string }",
    "password: <your password>",
    "api_key: {{ api_key }}",
    "secret = ********",
    "Authorization: Bearer $GITHUB_TOKEN",
    "Authorization: Bearer ${token}",
    "the password is required; tokens expire",
    "AKIAIOSFODNN7EXAMPLE",
    "commit 3f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f",
    "id 550e8400-e29b-41d4-a716-446655440000",
    "postgres://app:${DB_PASS}@db/app",
    "https://example.com/a?b=c",
    "see -----BEGIN PRIVATE KEY----- headers",
    "task-123 finished the disk-check",
    "password=[REDACTED:secret-assignment]",
  ];
  for (const text of kept) assert.equal(redactText(text), text);
});

Deno.test("redactText: redacting twice changes nothing more", () => {
  const text = `Authorization: Bearer ${GITHUB_TOKEN}\nDB_PASSWORD=hunter2!x\n${PRIVATE_KEY}` +
    `${AWS_KEY_ID} ${AWS_SECRET} ${JWT}`;
  const once = redactText(text);
  assert.notEqual(once, text);
  assert.equal(redactText(once), once);
});

Deno.test("redactValue: strings anywhere in a JSON value, keys kept, input untouched", () => {
  const input = {
    tool_name: "Write",
    tool_input: {
      file_path: "/app/.env",
      content: `OPENAI_API_KEY=${OPENAI_KEY}\nDEBUG=1\n`,
    },
    list: ["ok", { header: `Authorization: Bearer ${GITHUB_TOKEN}` }],
    env: { DB_PASSWORD: "hunter2!x", token_count: 12, GITHUB_TOKEN: "${GITHUB_TOKEN}" },
    headers: { Authorization: `Basic ${btoa("u:" + "pw123456")}` },
  };
  const snapshot = structuredClone(input);
  assert.deepEqual(redactValue(input), {
    tool_name: "Write",
    tool_input: {
      file_path: "/app/.env",
      content: "OPENAI_API_KEY=[REDACTED:openai-api-key]\nDEBUG=1\n",
    },
    list: ["ok", { header: "Authorization: Bearer [REDACTED:github-token]" }],
    env: {
      DB_PASSWORD: "[REDACTED:secret-field]",
      token_count: 12,
      GITHUB_TOKEN: "${GITHUB_TOKEN}",
    },
    headers: { Authorization: "Basic [REDACTED:secret-field]" },
  });
  assert.deepEqual(input, snapshot, "the input is not modified");
});

Deno.test("redactValue: a value without secrets comes back as the same object", () => {
  const value = { i: 1, note: "benchmark event", tags: ["a", "b"], nested: { ok: true } };
  assert.equal(redactValue(value), value);
  assert.equal(redactValue("plain"), "plain");
  assert.equal(redactValue(null), null);
});

Deno.test("redactValue: nesting past the depth bound is replaced, not walked", () => {
  let deep: unknown = GITHUB_TOKEN;
  for (let i = 0; i < MAX_REDACT_DEPTH + 10; i++) deep = { next: deep };
  const text = JSON.stringify(redactValue(deep));
  assert.ok(!text.includes(GITHUB_TOKEN));
  assert.ok(text.includes('"[REDACTED:too-deep]"'));
  // Within the bound the value is walked normally.
  let shallow: unknown = GITHUB_TOKEN;
  for (let i = 0; i < MAX_REDACT_DEPTH - 1; i++) shallow = [shallow];
  assert.ok(JSON.stringify(redactValue(shallow)).includes("[REDACTED:github-token]"));
});

Deno.test("redactValue: objects serialised through toJSON are redacted as their JSON", () => {
  const url = new URL("https://deploy:" + "s3cr3tPa55@example.com/hook");
  const redacted = redactValue({ url, when: new Date(0) });
  assert.equal(
    JSON.stringify(redacted),
    '{"url":"https://deploy:[REDACTED:credentials-in-url]@example.com/hook",' +
      '"when":"1970-01-01T00:00:00.000Z"}',
  );
});

Deno.test("redactValue: a toJSON that returns its own object ends at the depth bound", () => {
  const loop = {
    toJSON() {
      return this;
    },
    secret: "x",
  };
  assert.equal(redactValue({ loop }).loop, TOO_DEEP);
});

Deno.test("redactText: a token whose checksum fails is still hidden (the gate lets it pass, a log must not)", () => {
  const body = "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5";
  const good = base62(crc32(body), 6);
  const bad = good === "000000" ? "000001" : "000000";
  const mistyped = "ghp" + "_" + body + bad;
  const redacted = redactText(`token: ${mistyped}`);
  assert.ok(!redacted.includes(mistyped), redacted);
  assert.equal(
    redactText("see ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
    "see ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
  );
});
