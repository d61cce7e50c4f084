/**
 * The scan engine on hostile and borderline input: placeholders, references
 * and development defaults are not secrets; short symbol-rich passwords in
 * configuration are; public-by-design keys and documented examples are not;
 * heuristic findings in tests and docs are warnings; a secret across a chunk
 * boundary of a big text is found once, on its line; pathological input
 * finishes.
 */
import assert from "node:assert/strict";
import { scanText } from "../../../../plugins/local_checks/secrets/scan_text.ts";
import { checksummedToken, Random } from "../../../../scripts/secret_corpus_tokens.ts";

const scan = (text: string, path = "config/app.env") =>
  scanText(text, { path, entropyThreshold: 3.5 }).map((hit) =>
    `${hit.rule}:${hit.severity}:${hit.value}`
  );

Deno.test("scan: short and symbol-rich passwords in every kind of config file", () => {
  const cases: [string, string, string][] = [
    ["config/.env", "DB_PASSWORD=Tr0ub4d&r", "Tr0ub4d&r"],
    ["config/app.yaml", "  password: 'p@ss:w0rd#1'", "p@ss:w0rd#1"],
    ["config/app.properties", "db.password=G7!x&9qZ", "G7!x&9qZ"],
    ["config/app.toml", 'password = "hunter2!A"', "hunter2!A"],
    ["config/app.json", '{"SmtpPassword": "s3cr3t+Mail"}', "s3cr3t+Mail"],
    ["infra/main.tf", '  password = "Zx8!pQ2$"', "Zx8!pQ2$"],
    ["app/settings.py", "        'PASSWORD': 'Xk2#mP9!',", "Xk2#mP9!"],
    ["config/mail.xml", "<password>M4il#Relay9</password>", "M4il#Relay9"],
  ];
  for (const [path, text, value] of cases) {
    assert.deepEqual(scan(text, path), [`config-password:error:${value}`], path);
  }
});

Deno.test("scan: references, placeholders and development defaults are not passwords", () => {
  for (
    const line of [
      "DB_PASSWORD=${DB_PASSWORD}",
      "DB_PASSWORD=$DB_PASSWORD",
      "API_KEY=<your-api-key>",
      "API_KEY=your-api-key",
      "password: {{ vault_password }}",
      "token: ${{ secrets.DEPLOY_TOKEN }}",
      "PASSWORD=********",
      "PASSWORD=xxxxxxxx",
      "PASSWORD=changeme",
      "POSTGRES_PASSWORD=postgres",
      "password: !vault |",
      "password = var.db_password",
      "SECRET_KEY = os.environ['SECRET_KEY']",
      "password: %(db_password)s",
      "password_min_length: 12",
      "secret: true",
      "PASSWORD=",
      "DATABASE_URL=postgres://postgres:postgres@localhost:5432/app",
      "AMQP_URL=amqp://guest:guest@localhost:5672/",
      "DB=mysql://root:root@127.0.0.1:3306/dev",
      "REDIS=redis://localhost:6379/0",
    ]
  ) assert.deepEqual(scan(line), [], line);
});

Deno.test("scan: credentials in URLs, the password-only Redis form included", () => {
  assert.deepEqual(scan("REDIS_URL=redis://:Kq81Lmz0p@cache.prod:6379/0"), [
    "credentials-in-url:error:Kq81Lmz0p",
  ]);
  assert.deepEqual(scan("DB=postgres://app:Xw9!rT2q@db.prod.internal/app"), [
    "credentials-in-url:error:Xw9!rT2q",
  ]);
});

Deno.test("scan: placeholders of token formats and public keys are not secrets", () => {
  for (
    const line of [
      "GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
      "STRIPE=sk_live_xxxxxxxxxxxxxxxxxxxxxxxx",
      "STRIPE_PUBLISHABLE_KEY=pk_live_51HqLyjWDarjtT1zdp7dc9Xw2Zq81Lm",
      "RECAPTCHA_SITE_KEY=6LeIxAcTAAAAAJcZVRqyHh71UMIEGNQ_MXjiZKhI",
      "aws_access_key_id = AKIAIOSFODNN7EXAMPLE",
      'const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";',
      "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
      'if (pem.startsWith("-----BEGIN PRIVATE KEY-----")) return;',
    ]
  ) assert.deepEqual(scan(line, "src/app.ts"), [], line);
});

Deno.test("scan: a GitHub or npm token whose checksum does not match is not a token", () => {
  const good = checksummedToken(new Random(1), "ghp_");
  const bad = good.slice(0, -1) + (good.endsWith("A") ? "B" : "A");
  assert.deepEqual(scan(`t = "${good}"`, "src/a.ts"), [`github-token:error:${good}`]);
  assert.deepEqual(scan(`t = "${bad}"`, "src/a.ts"), []);
  const npm = checksummedToken(new Random(2), "npm_");
  assert.deepEqual(scan(`//registry.npmjs.org/:_authToken=${npm}`, ".npmrc"), [
    `npm-token:error:${npm}`,
  ]);
  assert.deepEqual(
    scan(`//registry.npmjs.org/:_authToken=${npm.slice(0, -6)}AAAAAA`, ".npmrc"),
    [],
  );
});

Deno.test("scan: keyword-anchored UUID keys need the provider's name", () => {
  const uuid = "3f2b8c1d-9a4e-4b7f-8c2d-5e6f7a8b9c0d";
  assert.deepEqual(scan(`HEROKU_API_KEY=${uuid}`), [`heroku-api-key:error:${uuid}`]);
  assert.deepEqual(scan(`"codecov_token": "${uuid}"`, "ci.json"), [`codecov-token:error:${uuid}`]);
  assert.deepEqual(scan(`REQUEST_ID=${uuid}`), []);
  assert.deepEqual(scan(`HEROKU_APP_ID=${uuid}`), [], "the name says nothing secret");
  // In a test file the same finding is a warning.
  assert.deepEqual(scan(`HEROKU_API_KEY=${uuid}`, "tests/fixtures/app.env"), [
    `heroku-api-key:warning:${uuid}`,
  ]);
});

Deno.test("scan: a secret across a chunk boundary of a big text is found once, on its line", () => {
  const token = checksummedToken(new Random(9), "ghp_");
  const chunk = 1 << 20;
  // Long lines (no newline near the boundary), the token starting before, at and after it.
  for (const shift of [-30, -1, 0, 1, 40]) {
    const text = "\n\n\n" + " ".repeat(chunk - 3 + shift - 4) + `tok=${token} ` +
      " ".repeat(2 * chunk);
    const hits = scanText(text, { path: "big.txt", entropyThreshold: 3.5 });
    assert.equal(hits.length, 1, `shift ${shift}`);
    assert.equal(text.slice(hits[0].start, hits[0].end), token);
    assert.equal(hits[0].start, chunk + shift);
  }
});

Deno.test("scan: pathological input finishes and finds nothing", () => {
  const texts = [
    "a=".repeat(100_000),
    "password=" + "x".repeat(200_000),
    "-----BEGIN PRIVATE KEY-----".repeat(20_000),
    "https://" + "u:p@".repeat(50_000),
    '"token": "' + "\\".repeat(100_000),
    "AKIA".repeat(50_000),
  ];
  for (const text of texts) assert.deepEqual(scan(text, "x.env"), [], text.slice(0, 20));
});
