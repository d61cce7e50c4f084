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

Deno.test("scan: everyday look-alikes in code and configuration are not reported", () => {
  const decoys: [string, string][] = [
    ["src/a.ts", 'const API_KEY_HEADER = "X-Api-Key";'],
    [
      "app/models.py",
      'password_hash = "$2b$12$KIXQJflv9bWzxPvYjJ3i5uJ5vYx8gqk1H2m3n4o5p6q7r8s9t0u1v"',
    ],
    ["config/settings.py", "SECRET_KEY = get_random_secret_key()"],
    ["config/app.yaml", "password: ${{ secrets.DB_PASSWORD }}"],
    [".env", "MONGO_URL=mongodb://localhost:27017/test"],
    [".env", "DB=postgresql://user:password@localhost/db"],
    ["docs/a.md", "curl https://username:password@api.example.com"],
    [".env", "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"],
    ["src/a.ts", '// password = "old"'],
    ["web/a.html", '<input type="password" name="password" value="">'],
    ["config/a.json", '{"password": null}'],
    [".env", "SLACK_WEBHOOK_URL=https://hooks.slack.com/services/XXX/YYY/ZZZ"],
    [
      "docs/slack.md",
      "export SLACK_BOT_TOKEN=xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx",
    ],
    ["infra/vars.tf", 'variable "db" {\n  default = "changeme"\n}'],
    ["ansible/vars.yml", 'ansible_become_pass: "{{ vault_become_pass }}"'],
    ["chart/templates/secret.yaml", "  password: {{ .Values.db.password | quote }}"],
    [
      "src/main/resources/application.properties",
      "spring.datasource.password=${DB_PASSWORD:defaultpw}",
    ],
    ["appsettings.json", '{"Password": "#{DbPassword}#"}'],
    ["docker-compose.yml", "      MYSQL_ROOT_PASSWORD: example"],
    ["docker-compose.yml", "      POSTGRES_PASSWORD: postgres"],
    [".env", "REDIS=redis://:@localhost:6379"],
    ["config.yml", "api_key: !ENV ${API_KEY}"],
    ["src/a.py", 'token = request.headers["Authorization"]'],
    ["src/auth.ts", 'const tokenType = "Bearer";'],
    ["src/auth.ts", "const secret = await vault.read('db/creds');"],
    ["config/app.yaml", "auth: oauth2"],
    ["config/app.yaml", "secret_name: prod-db-credentials"],
    ["src/i18n/en.json", '{"password": "Password", "forgot_password": "Forgot your password?"}'],
    ["src/i18n/en.json", '{"token_expired": "Your session token has expired"}'],
    [".github/workflows/ci.yml", "          password: ${{ secrets.DOCKERHUB_TOKEN }}"],
    ["Makefile", "PASSWORD ?= $(shell cat .pw)"],
    ["src/Config.java", 'private static final String PASSWORD_FIELD = "password";'],
    ["src/a.go", 'const secretKeyEnv = "APP_SECRET_KEY"'],
    ["config/app.yaml", "password: '%{DB_PASSWORD}'"],
  ];
  for (const [path, text] of decoys) assert.deepEqual(scan(text, path), [], `${path}: ${text}`);
});

Deno.test("scan: everyday secrets in code and configuration are reported", () => {
  const planted: [string, string][] = [
    [".env", "PASSWORD=hunter2"],
    ["config/db.ini", "password = abc123"],
    ["config/app.yaml", "credentials:\n  secret: abc123XYZ!"],
    [".env", "DB_PASS=P@s5"],
    ["src/Db.java", 'String password = "S3cr3t!23";'],
    ["src/db.php", "'password' => 'secret123!',"],
    ["src/db.go", 'password := "Xy!23abcQ"'],
    ["config/database.yml", "  password: 'R3dC@rpet'"],
    [".git-credentials", "https://alice:ghp_abc@github.com"],
    ["deploy.sh", 'curl -H "X-Api-Key: 9f8e7d6c5b4a39281706f5e4d3c2b1a0" https://api.example.io'],
    ["config/app.toml", 'api_key = "a1b2c3d4e5f6g7h8i9j0"'],
    ["src/client.py", 'client = Client(api_key="sk_' + 'live_4eC39HqLyjWDarjtT1zdp7dc")'],
    ["config/.env.production", "JWT_SECRET=kq8!Zr2LxV9mK4pT"],
    ["config/app.json", '{"clientSecret": "Qw3rty!Uiop9"}'],
  ];
  for (const [path, text] of planted) {
    const found = scan(text, path);
    assert.equal(found.length, 1, `${path}: ${text} -> ${found}`);
    assert.match(found[0], /:error:/, `${path}: ${text}`);
  }
});
