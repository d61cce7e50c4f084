/**
 * Tests of the credential formats that are not `name = value` assignments
 * (`.pgpass`, Docker registry `auth`, PHP `define`, command lines, keyword
 * DSNs, NuGet keys, PuTTY keys) and of the values that only look like
 * secrets (encrypted envelopes, public tokens, client ids), through the
 * whole scan. Values are drawn at run time, so this file holds none.
 */
import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { scanText } from "../../../../plugins/local_checks/secrets/scan_text.ts";
import { ALNUM, HEX, Random } from "../../../../scripts/secret_corpus_tokens.ts";

const r = new Random(4242);
const scan = (path: string, text: string) =>
  scanText(text, { path, entropyThreshold: 3.5 }).map((hit) =>
    `${hit.rule}:${hit.severity}:${hit.value}`
  );
/** A password with an upper-case letter, letters and digits, a symbol and a digit. */
const password = (n = 14) => `Q${r.chars(ALNUM, n - 3)}%7`;
const b64 = (n: number) => btoa(String.fromCharCode(...r.bytes(n)));

Deno.test("credential lines: .pgpass passwords block; comments, wildcards and local defaults do not", () => {
  const secret = password();
  assert.deepEqual(scan("ops/.pgpass", `db.corp.lan:5432:*:app:${secret}`), [
    `pgpass-password:error:${secret}`,
  ]);
  const escaped = `a\\:b${password(10)}`;
  assert.deepEqual(scan("pgpass.conf", `db\\:1:5432:*:app:${escaped}`), [
    `pgpass-password:error:${escaped}`,
  ]);
  for (
    const line of [
      "# hostname:port:database:username:password",
      "localhost:5432:*:postgres:postgres",
      "127.0.0.1:*:*:app:app",
      "db.corp.lan:5432:*:app:${PGPASS}",
    ]
  ) assert.deepEqual(scan("ops/.pgpass", line), [], line);
  // The same line in a file that is not a password file is not read as one.
  assert.deepEqual(scan("notes/hosts.txt", `db.corp.lan:5432:*:app:${secret}`), []);
});

Deno.test("credential lines: Docker auth that decodes to user:password blocks; templates do not", () => {
  const auth = btoa(`ci-bot:${password(20)}`);
  assert.deepEqual(scan("deploy/.docker/config.json", `{"auths":{"r.io":{"auth": "${auth}"}}}`), [
    `registry-auth:error:${auth}`,
  ]);
  for (
    const decoded of ["ci-bot:${TOKEN}", "user:user", "token-only-no-colon", "ci-bot:<password>"]
  ) {
    const text = `{"auths":{"r.io":{"auth": "${btoa(decoded)}"}}}`;
    assert.deepEqual(scan("config.json", text), [], decoded);
  }
});

Deno.test("credential lines: PHP define() passwords and WordPress salts block; placeholders do not", () => {
  const secret = password(13);
  const salt = r.chars(ALNUM + "!@#$%^&*()-_[]{}<>~+=,.;:/?|", 64);
  const text = [
    "<?php",
    `define( 'DB_PASSWORD', '${secret}' );`,
    `define('AUTH_KEY', '${salt}');`,
    "define('DB_USER', 'wp_prod');",
    "define('NONCE_SALT', 'put your unique phrase here');",
    "define('DB_PASSWORD', getenv('DB_PASSWORD'));",
  ].join("\n");
  assert.deepEqual(scan("public/wp-config.php", text), [
    `php-define-secret:error:${secret}`,
    `php-define-secret:error:${salt}`,
  ]);
  assert.deepEqual(scan("tests/fixtures/wp-config.php", text).map((hit) => hit.split(":")[1]), [
    "warning",
    "warning",
  ]);
});

Deno.test("credential lines: passwords on command lines block; prompts and references do not", () => {
  const [a, b, c, d, e] = [password(), password(), password(), password(), password()];
  const lines = [
    `mysql -h db.corp.lan -u root -p'${a}' shop < dump.sql`,
    `mysqldump -u backup -p${b} shop`,
    `PGPASSWORD="${c}" psql -h db.corp.lan -U app`,
    `sshpass -p '${d}' ssh deploy@10.0.0.7`,
    `influx backup --host https://m.corp.lan --password=${e}`,
  ];
  assert.deepEqual(scan("ops/restore.sh", lines.join("\n")), [
    `command-line-password:error:${a}`,
    `command-line-password:error:${b}`,
    `command-line-password:error:${c}`,
    `command-line-password:error:${d}`,
    `command-line-password:error:${e}`,
  ]);
  // In a runbook the same lines are warnings.
  assert.ok(scan("docs/restore.md", lines.join("\n")).every((hit) => hit.includes(":warning:")));
  for (
    const line of [
      "mysql -h db.corp.lan -u root -p shop",
      'psql --password "$DB_PASSWORD" -h db',
      "psql --password -h db.corp.lan",
      'PGPASSWORD="$(cat /run/secrets/pg)" psql',
      "docker login --password-stdin ghcr.io",
      "mysql --password=<your-password>",
      'parser.add_argument("--password", help="the password")',
    ]
  ) assert.deepEqual(scan("ops/run.sh", line), [], line);
});

Deno.test("credential lines: key=value DSNs and ADO.NET strings block, local defaults do not", () => {
  const [a, b] = [password(15), password(12)];
  assert.deepEqual(
    scan(
      "internal/db.go",
      `var dsn = "host=db.corp.lan user=app password=${a} dbname=orders sslmode=require"`,
    ),
    [`connection-string-password:error:${a}`],
  );
  assert.deepEqual(
    scan("src/appsettings.json", `"Db": "Data Source=sql.corp.lan;User ID=app;Pwd=${b};"`),
    [`connection-string-password:error:${b}`],
  );
  assert.deepEqual(
    scan("internal/db_local.go", 'dsn := "host=localhost user=postgres password=postgres"'),
    [],
  );
});

Deno.test("credential lines: NuGet keys and unencrypted PuTTY keys block; an encrypted PuTTY key warns", () => {
  const key = `oy2${r.chars("abcdefghijklmnopqrstuvwxyz234567", 43)}`;
  assert.deepEqual(
    scan("NuGet.Config", `<add key="https://api.nuget.org/v3/index.json" value="${key}" />`),
    [
      `nuget-api-key:error:${key}`,
    ],
  );
  const putty = (encryption: string) =>
    [
      "PuTTY-User-Key-File-3: ssh-ed25519",
      `Encryption: ${encryption}`,
      "Comment: ci",
      "Public-Lines: 2",
      `AAAAC3NzaC1lZDI1NTE5AAAAI${r.chars(ALNUM, 39)}`,
      "Private-Lines: 1",
      `AAAAI${r.chars(ALNUM, 39)}`,
      `Private-MAC: ${r.chars(HEX, 64)}`,
    ].join("\n");
  const severities = (text: string) =>
    scanText(text, { path: "ci/key.ppk", entropyThreshold: 3.5 }).map((hit) =>
      `${hit.rule}:${hit.severity}`
    );
  assert.deepEqual(severities(putty("none")), ["putty-private-key:error"]);
  assert.deepEqual(severities(putty("aes256-cbc")), ["putty-private-key:warning"]);
});

Deno.test("not secrets: encrypted envelopes are not read as assignments", () => {
  const sops = `ENC[AES256_GCM,data:${b64(24)},iv:${b64(32)},tag:${b64(16)},type:str]`;
  const vault = Array.from({ length: 3 }, () => `  ${r.chars(HEX, 80)}`).join("\n");
  const cases: [string, string][] = [
    ["deploy/secrets.enc.yaml", `password: ${sops}\napi_token: ${sops}`],
    ["deploy/secrets.enc.json", `{"password": "${sops}"}`],
    ["group_vars/vault.yml", `db_password: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n${vault}`],
    ["k8s/sealed.yaml", `kind: SealedSecret\nspec:\n  encryptedData:\n    token: Ag${b64(400)}`],
    [
      "secrets.age",
      `-----BEGIN AGE ENCRYPTED FILE-----\n${b64(48)}\n-----END AGE ENCRYPTED FILE-----`,
    ],
    ["app.properties", `db.password=ENC(${b64(48)})\nsigning.secret=vault:v1:${b64(60)}`],
  ];
  for (const [path, text] of cases) assert.deepEqual(scan(path, text), [], path);
  // Outside the envelope, the same file's plain secret still blocks.
  const plain = password();
  assert.deepEqual(scan("deploy/secrets.enc.yaml", `password: ${sops}\nsmtp_password: ${plain}`), [
    `config-password:error:${plain}`,
  ]);
});

Deno.test("not secrets: public tokens and identifiers; a Firebase web apiKey only warns", () => {
  const mapboxPublic = `pk.eyJ1IjoiYWNtZSIsImEiOiJ${r.chars(ALNUM, 10)}In0.${r.chars(ALNUM, 22)}`;
  const cases: [string, string][] = [
    ["web/map.ts", `mapboxgl.accessToken = "${mapboxPublic}";`],
    ["web/map.ts", `const MAPBOX_TOKEN = "${mapboxPublic}";`],
    ["config/payments.properties", `paypal.client.id=A${r.chars(ALNUM + "_-", 79)}`],
    ["config/sa.json", `  "private_key_id": "${r.chars(HEX, 40)}",`],
    ["web/auth.ts", `const oauthClientId = "${r.chars(ALNUM, 32)}";`],
    [".env", `OAUTH_CLIENT_ID=${r.chars(ALNUM, 32)}`],
  ];
  for (const [path, text] of cases) assert.deepEqual(scan(path, text), [], text);
  // A Vault AppRole secret_id is a secret, though its name ends in "id".
  const secretId = r.uuid() + r.chars(ALNUM, 8);
  assert.equal(scan(".env", `VAULT_SECRET_ID=${secretId}`).length, 1);
  const firebaseKey = `AIza${r.chars(ALNUM + "_-", 35)}`;
  const firebase = [
    "export const firebaseConfig = {",
    `  apiKey: "${firebaseKey}",`,
    '  authDomain: "acme.firebaseapp.com",',
    "};",
  ].join("\n");
  assert.deepEqual(scan("web/firebase.ts", firebase), [`google-api-key:warning:${firebaseKey}`]);
  assert.deepEqual(scan(".env.production", `MAPS_SERVER_KEY=${firebaseKey}`), [
    `google-api-key:error:${firebaseKey}`,
  ]);
});

Deno.test("not secrets: Supabase anon keys and Algolia search-only keys; service and admin keys block", () => {
  const encode = (value: unknown) =>
    btoa(JSON.stringify(value)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
  const jwt = (role: string) =>
    `${encode({ alg: "HS256", typ: "JWT" })}.${
      encode({
        iss: "supabase",
        ref: r.chars("abcdefghijklmnopqrstuvwxyz", 20),
        role,
        iat: 1764000000,
      })
    }.${r.chars(ALNUM + "_-", 43)}`;
  const anon = jwt("anon");
  assert.deepEqual(scan("web/src/supabase.ts", `const SUPABASE_ANON_KEY = "${anon}";`), []);
  const service = jwt("service_role");
  assert.deepEqual(scan("server/.env", `SUPABASE_SERVICE_ROLE_KEY=${service}`), [
    `jwt:error:${service}`,
  ]);
  const [search, admin] = [r.chars("abcdef0123456789", 32), r.chars("abcdef0123456789", 32)];
  assert.deepEqual(scan("web/.env", `ALGOLIA_SEARCH_API_KEY=${search}`), []);
  assert.deepEqual(scan("server/.env", `ALGOLIA_ADMIN_API_KEY=${admin}`), [
    `algolia-api-key:error:${admin}`,
  ]);
});

Deno.test("private keys: a passphrase-protected key warns, a plain one blocks", () => {
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const severity = (pem: string) =>
    scanText(pem, { path: "deploy/key.pem", entropyThreshold: 3.5 }).map((hit) =>
      `${hit.rule}:${hit.severity}`
    );
  const pkcs8 = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const encrypted8 = privateKey.export({
    type: "pkcs8",
    format: "pem",
    cipher: "aes-256-cbc",
    passphrase: r.chars(ALNUM, 16),
  }).toString();
  const encryptedSec1 = privateKey.export({
    type: "sec1",
    format: "pem",
    cipher: "aes-256-cbc",
    passphrase: r.chars(ALNUM, 16),
  }).toString();
  assert.deepEqual(severity(pkcs8), ["private-key:error"]);
  assert.deepEqual(severity(encrypted8), ["private-key:warning"]);
  assert.match(encryptedSec1, /Proc-Type: 4,ENCRYPTED/);
  assert.deepEqual(severity(encryptedSec1), ["private-key:warning"]);
  // OpenSSH: "openssh-key-v1\0", the cipher name, then the rest of the key.
  const openssh = (cipher: string) => {
    const name = new TextEncoder().encode(cipher);
    const bytes = new Uint8Array([
      ...new TextEncoder().encode("openssh-key-v1\0"),
      0,
      0,
      0,
      name.length,
      ...name,
      ...r.bytes(180),
    ]);
    const body = btoa(String.fromCharCode(...bytes)).match(/.{1,70}/g)!.join("\n");
    return `-----BEGIN OPENSSH PRIVATE KEY-----\n${body}\n-----END OPENSSH PRIVATE KEY-----\n`;
  };
  assert.deepEqual(severity(openssh("none")), ["private-key:error"]);
  assert.deepEqual(severity(openssh("aes256-ctr")), ["private-key:warning"]);
});

Deno.test("credential lines: password flags of redis-cli, mongosh, docker login, ldapsearch, sqlcmd", () => {
  const values = Array.from({ length: 5 }, () => password());
  const lines = [
    `redis-cli -h cache.corp.lan -a '${values[0]}' ping`,
    `mongosh --host db.corp.lan -u admin -p ${values[1]} --authenticationDatabase admin`,
    `docker login registry.corp.lan -u ci -p ${values[2]}`,
    `ldapsearch -x -D "cn=admin,dc=corp" -w ${values[3]} -b dc=corp`,
    `sqlcmd -S sql.corp.lan -U sa -P "${values[4]}" -Q "select 1"`,
  ];
  assert.deepEqual(
    scan("ops/admin.sh", lines.join("\n")),
    values.map((value) => `command-line-password:error:${value}`),
  );
  for (
    const line of [
      'redis-cli -a "$REDIS_PASSWORD" ping',
      "docker login -u ci -p $CI_REGISTRY_PASSWORD registry.corp.lan",
      "ldapsearch -x -W -b dc=corp",
      "mongosh --host db.corp.lan -p 27017",
    ]
  ) assert.deepEqual(scan("ops/admin.sh", line), [], line);
});

Deno.test("credential lines: an image pull secret and a JDBC query password block", () => {
  const config = JSON.stringify({
    auths: { "ghcr.io": { auth: btoa(`bot:${password(20)}`) } },
  });
  const encoded = btoa(config);
  assert.deepEqual(
    scan("k8s/pull-secret.yaml", `data:\n  .dockerconfigjson: ${encoded}\n`),
    [`registry-auth:error:${encoded}`],
  );
  const template = btoa(JSON.stringify({ auths: { "ghcr.io": { auth: btoa("bot:${TOKEN}") } } }));
  assert.deepEqual(scan("k8s/pull-secret.yaml", `data:\n  .dockerconfigjson: ${template}\n`), []);
  const jdbc = password(12);
  assert.deepEqual(
    scan(
      "src/main/resources/app.properties",
      `spring.datasource.url=jdbc:mysql://db.corp.lan:3306/shop?user=shop&password=${jdbc}&useSSL=true`,
    ),
    [`connection-string-password:error:${jdbc}`],
  );
});

Deno.test("not secrets: Key Vault references and PostHog project keys; a NEXT_PUBLIC_ Google key warns", () => {
  assert.deepEqual(
    scan(
      "appsettings.json",
      '{"DbPassword": "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/db/)"}',
    ),
    [],
  );
  assert.deepEqual(scan(".env", `POSTHOG_API_KEY=phc_${r.chars(ALNUM, 43)}`), []);
  const key = `AIza${r.chars(ALNUM + "_-", 35)}`;
  assert.deepEqual(scan("web/.env", `NEXT_PUBLIC_GOOGLE_MAPS_KEY=${key}`), [
    `google-api-key:warning:${key}`,
  ]);
});
