/**
 * More files of the secret corpus: credentials that are not `name = value`
 * assignments (NuGet keys, registry `auth` in Docker's config, `.pgpass`
 * lines, PHP `define()` and WordPress salts, passwords on command lines,
 * keyword/value DSNs) and decoys that must not be read as secrets
 * (SOPS, Ansible Vault, sealed-secrets, age, Jasypt and Vault transit
 * ciphertexts; Mapbox `pk.` tokens; OAuth and PayPal client ids; a service
 * account's `private_key_id`). Read by `generate_secret_corpus.ts`; its own
 * seeded generator, so the files before it stay byte-identical.
 * @module
 */

import type { CorpusFile, CorpusLine } from "./generate_secret_corpus.ts";
import { ALNUM, base64url, HEX, Random } from "./secret_corpus_tokens.ts";

const P = (planted: string, text: string): CorpusLine => ({ text, planted });
const D = (decoy: string, text: string): CorpusLine => ({ text, decoy });
const BASE32_LOWER = "abcdefghijklmnopqrstuvwxyz234567";
const SYMBOLS = "!#%+,.=?^~";

/** The credential-format and ciphertext files for `seed`. */
export function credentialCorpusFiles(seed: number): CorpusFile[] {
  const r = new Random(seed * 31 + 7);
  const a = (n: number) => r.chars(ALNUM, n);
  const h = (n: number) => r.chars(HEX, n);
  const b64 = (n: number) => btoa(String.fromCharCode(...r.bytes(n)));
  /** A password mixing letters, digits and symbols (never a placeholder). */
  const pw = (n: number) =>
    `${r.chars("ABCDEFGHJKMNPQRSTUVWXYZ", 1)}${r.chars(ALNUM, n - 3)}${r.chars(SYMBOLS, 1)}${
      r.chars("23456789", 1)
    }`;
  const nuget = () => `oy2${r.chars(BASE32_LOWER, 43)}`;
  const salt = () => r.chars(ALNUM + "!@#$%^&*()-_[]{}<>~+=,.;:/?|", 64).replace(/'/g, "!");
  const jwtOf = (payload: Record<string, unknown>) =>
    [{ alg: "HS256", typ: "JWT" }, { ...payload, iat: 1764000000, exp: 2079576000 }]
      .map((part) => base64url(new TextEncoder().encode(JSON.stringify(part)))).join(".") +
    `.${base64url(r.bytes(32))}`;
  const sops = () => `ENC[AES256_GCM,data:${b64(18)},iv:${b64(32)},tag:${b64(16)},type:str]`;
  return [
    {
      path: "build/nuget/NuGet.Config",
      lines: [
        '<?xml version="1.0" encoding="utf-8"?>',
        "<configuration>",
        "  <apikeys>",
        P(
          "nuget-api-key",
          `    <add key="https://api.nuget.org/v3/index.json" value="${nuget()}" />`,
        ),
        "  </apikeys>",
        "  <packageSourceCredentials>",
        "    <internal-feed>",
        '      <add key="Username" value="build-agent" />',
        P("config-password", `      <add key="ClearTextPassword" value="${pw(14)}" />`),
        "    </internal-feed>",
        "  </packageSourceCredentials>",
        "</configuration>",
      ],
    },
    {
      path: ".gitlab/publish.yml",
      lines: [
        "publish:",
        "  script:",
        P(
          "nuget-api-key",
          `    - dotnet nuget push out/*.nupkg --api-key ${nuget()} --source https://api.nuget.org/v3/index.json`,
        ),
        D(
          "command-line flag from a CI variable",
          '    - dotnet nuget push out/*.snupkg --api-key "$NUGET_KEY" --password "$FEED_PASSWORD"',
        ),
      ],
    },
    {
      path: "ci/runner/.docker/config.json",
      lines: [
        "{",
        '  "auths": {',
        P("registry-auth", `    "ghcr.io": { "auth": "${btoa(`release-bot:${pw(20)}`)}" },`),
        D(
          "registry auth that decodes to a template",
          `    "registry.gitlab.com": { "auth": "${btoa("gitlab-ci-token:${CI_JOB_TOKEN}")}" },`,
        ),
        '    "quay.io": {}',
        "  },",
        '  "credsStore": "desktop"',
        "}",
      ],
    },
    {
      path: "ops/db/pgpass.conf", // libpq on Windows; `.pgpass` itself is a forbidden path
      lines: [
        D("pgpass format comment", "# hostname:port:database:username:password"),
        P("pgpass-password", `warehouse.db.corp.lan:6432:*:etl_loader:${pw(16)}`),
        P("pgpass-password", `*:5432:billing:billing_rw:${pw(12).replace(/:/g, "")}`),
        D("pgpass development default on localhost", "localhost:5432:*:postgres:postgres"),
      ],
    },
    {
      path: "site/wp-config.php",
      lines: [
        "<?php",
        "define('DB_NAME', 'site_prod');",
        "define('DB_USER', 'site_prod');",
        P("php-define-secret", `define("DB_PASSWORD", "${pw(13)}");`),
        D("DB host constant", "define('DB_HOST', 'mariadb.corp.lan:3306');"),
        P("php-define-secret", `define('SECURE_AUTH_KEY',  '${salt()}');`),
        P("php-define-secret", `define('LOGGED_IN_SALT',   '${salt()}');`),
        D(
          "WordPress salt placeholder",
          "define('NONCE_KEY',        'put your unique phrase here');",
        ),
        D("constant read from the environment", "define('SMTP_PASS', getenv('SMTP_PASS'));"),
        "$table_prefix = 'wp_';",
      ],
    },
    {
      path: "scripts/ops/nightly_backup.sh",
      lines: [
        "#!/usr/bin/env bash",
        "set -euo pipefail",
        P(
          "command-line-password",
          `mysqldump --single-transaction -h mariadb.corp.lan -u backup -p"${
            pw(15)
          }" site_prod > /backup/site.sql`,
        ),
        P(
          "command-line-password",
          `PGPASSWORD='${
            pw(14)
          }' pg_dump -h warehouse.db.corp.lan -U etl_loader warehouse > /backup/wh.sql`,
        ),
        P(
          "command-line-password",
          `sshpass -p '${pw(12)}' rsync -a /backup/ vault@10.20.0.7:/srv/`,
        ),
        P(
          "command-line-password",
          `influx backup /backup/influx --host https://metrics.corp.lan --password=${pw(16)}`,
        ),
        D("mysql asks for the password", "mysql -h mariadb.corp.lan -u ops -p site_prod < fix.sql"),
        D(
          "password from a file",
          'PGPASSWORD="$(cat /run/secrets/pg)" psql -h warehouse.db.corp.lan',
        ),
        D("password flag without a value", "psql --password -h warehouse.db.corp.lan -U admin"),
      ],
    },
    {
      path: "internal/store/postgres.go",
      lines: [
        "package store",
        P(
          "connection-string-password",
          `const billingDSN = "host=pg-billing.corp.lan port=5432 user=billing password=${
            pw(18)
          } dbname=billing sslmode=verify-full"`,
        ),
        D(
          "local DSN with the documented default",
          'const testDSN = "host=localhost user=postgres password=postgres dbname=test sslmode=disable"',
        ),
      ],
    },
    {
      path: "src/Ledger/appsettings.Staging.json",
      lines: [
        "{",
        '  "ConnectionStrings": {',
        P(
          "connection-string-password",
          `    "Ledger": "Data Source=sql-ledger.corp.lan;Initial Catalog=Ledger;User ID=ledger_app;Pwd=${
            pw(15)
          };Encrypt=True"`,
        ),
        D(
          "integrated-security connection string",
          '    "Local": "Server=(localdb)\\\\mssqllocaldb;Database=Ledger;Trusted_Connection=True"',
        ),
        "  }",
        "}",
      ],
    },
    {
      path: "deploy/secrets/prod.enc.yaml",
      lines: [
        D("SOPS-encrypted password", `db_password: ${sops()}`),
        D("SOPS-encrypted token", `stripe_api_token: ${sops()}`),
        "sops:",
        "    age:",
        `        - recipient: age1${r.chars("qpzry9x8gf2tvdw0s3jn54khce6mua7l", 58)}`,
        "          enc: |",
        D("age armor header", "            -----BEGIN AGE ENCRYPTED FILE-----"),
        D("age armor body", `            ${b64(48)}`),
        D("age armor body", `            ${b64(30)}`),
        "            -----END AGE ENCRYPTED FILE-----",
        D("SOPS MAC", `    mac: ${sops()}`),
        "    version: 3.9.1",
      ],
    },
    {
      path: "ansible/group_vars/db/vault.yml",
      lines: [
        "vault_replication_password: !vault |",
        D("Ansible Vault header", "  $ANSIBLE_VAULT;1.1;AES256"),
        ...Array.from({ length: 4 }, () => D("Ansible Vault body", `  ${h(80)}`)),
      ],
    },
    {
      path: "deploy/k8s/sealed-db.yaml",
      lines: [
        "apiVersion: bitnami.com/v1alpha1",
        "kind: SealedSecret",
        "metadata:",
        "  name: db",
        "spec:",
        "  encryptedData:",
        D("sealed-secrets ciphertext", `    password: Ag${b64(420).slice(2)}`),
        D("sealed-secrets ciphertext", `    api_token: Ag${b64(390).slice(2)}`),
      ],
    },
    {
      path: "services/billing/application.properties",
      lines: [
        D("Jasypt-encrypted password", `spring.datasource.password=ENC(${b64(48)})`),
        D("Vault transit ciphertext", `billing.signing.secret=vault:v1:${b64(60)}`),
        D("PayPal client id", `paypal.rest.clientId=A${r.chars(ALNUM + "_-", 79)}`),
        D("OAuth client id", `oauth.github.client-id=Iv1.${h(16)}`),
      ],
    },
    {
      path: "config/gcp/service-account-meta.json",
      lines: [
        "{",
        '  "type": "service_account",',
        D("service account private_key_id", `  "private_key_id": "${h(40)}",`),
        D("service account client_id", `  "client_id": "1${r.chars("0123456789", 20)}",`),
        '  "client_email": "ci@acme-prod.iam.gserviceaccount.com"',
        "}",
      ],
    },
    {
      path: "web/src/map_view.tsx",
      lines: [
        'import mapboxgl from "mapbox-gl";',
        D(
          "Mapbox public token",
          `const MAPBOX_TOKEN = "pk.${
            base64url(new TextEncoder().encode(JSON.stringify({ u: "acme-maps", a: a(12) })))
          }.${r.chars(ALNUM + "_-", 22)}";`,
        ),
        D("OAuth client id in code", `const OAUTH_CLIENT_ID = "${a(20)}";`),
        "mapboxgl.accessToken = MAPBOX_TOKEN;",
      ],
    },
    {
      path: "web/production.env",
      lines: [
        D(
          "Supabase anon key (public by design)",
          `NEXT_PUBLIC_SUPABASE_ANON_KEY=${
            jwtOf({ iss: "supabase", ref: r.chars("abcdefghijklmnopqrstuvwxyz", 20), role: "anon" })
          }`,
        ),
        D("Algolia search-only key", `NEXT_PUBLIC_ALGOLIA_SEARCH_KEY=${h(32)}`),
        P(
          "jwt",
          `SUPABASE_SERVICE_ROLE_KEY=${
            jwtOf({
              iss: "supabase",
              ref: r.chars("abcdefghijklmnopqrstuvwxyz", 20),
              role: "service_role",
            })
          }`,
        ),
        P("algolia-api-key", `ALGOLIA_ADMIN_KEY=${h(32)}`),
        D("PostHog project key (public)", `POSTHOG_PROJECT_API_KEY=phc_${a(43)}`),
      ],
    },
    {
      path: "deploy/k8s/registry-pull.yaml",
      lines: [
        "apiVersion: v1",
        "kind: Secret",
        "type: kubernetes.io/dockerconfigjson",
        "data:",
        P(
          "registry-auth",
          `  .dockerconfigjson: ${
            btoa(
              JSON.stringify({
                auths: { "harbor.corp.lan": { auth: btoa(`robot$ci:${pw(22)}`) } },
              }),
            )
          }`,
        ),
      ],
    },
    {
      path: "ops/runbooks/cache_flush.sh",
      lines: [
        P("command-line-password", `redis-cli -h redis.corp.lan -a "${pw(18)}" FLUSHDB`),
        P(
          "command-line-password",
          `ldapmodify -x -H ldaps://ldap.corp.lan -D cn=admin,dc=corp -w '${
            pw(14)
          }' -f rotate.ldif`,
        ),
        D(
          "password flag read from a variable",
          'redis-cli -h redis.corp.lan -a "$REDIS_PASSWORD" PING',
        ),
      ],
    },
    {
      path: "services/catalog/src/main/resources/application-prod.properties",
      lines: [
        P(
          "connection-string-password",
          `spring.datasource.url=jdbc:postgresql://pg.corp.lan:5432/catalog?user=catalog&password=${
            pw(16)
          }&ssl=true`,
        ),
        D(
          "Azure Key Vault reference",
          "catalog.search.password=@Microsoft.KeyVault(SecretUri=https://kv-prod.vault.azure.net/secrets/search/)",
        ),
      ],
    },
  ];
}
