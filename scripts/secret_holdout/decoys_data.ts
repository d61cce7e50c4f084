/** Corpus sections: decoys: ids and encoded data, encrypted values, test fixtures, public-by-design values. @module */

import { randomBytes } from "node:crypto";
import type { Builder } from "./builder.ts";
import {
  b64,
  b64url,
  BASE62,
  concat,
  DIGITS,
  HEX,
  LOWER_ALNUM,
  pick,
  URLSAFE,
  uuid,
} from "./tokens.ts";

export function decoyIdsEncoded(b: Builder): void {
  // --- ids and encoded data ------------------------------------------------
  const reqId = uuid();
  b.add("tests/fixtures/api_response.json", "{")
    .decoy("tests/fixtures/api_response.json", `  "request_id": "${reqId}",`, {
      kind: "uuid-no-context",
      value: reqId,
      why: "request id",
    })
    .decoy("tests/fixtures/api_response.json", `  "id": "${uuid()}",`, {
      kind: "uuid-no-context",
      value: '"id"',
      why: "record id",
    })
    .decoy("tests/fixtures/api_response.json", `  "trace_id": "${pick(HEX, 32)}"`, {
      kind: "trace-id-hex",
      value: '"trace_id"',
      why: "W3C trace id (32 hex)",
    })
    .add("tests/fixtures/api_response.json", "}");
  const projGuid = uuid().toUpperCase();
  b.add("Acme.sln", "Microsoft Visual Studio Solution File, Format Version 12.00")
    .decoy(
      "Acme.sln",
      `Project("{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}") = "Acme.Api", "src\\Api\\Acme.Api.csproj", "{${projGuid}}"`,
      { kind: "uuid-no-context", value: projGuid, why: "project GUID" },
    );
  const img = "data:image/png;base64," +
    b64(concat(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(600)));
  b.add("apps/web/src/styles.css", ".logo {")
    .decoy("apps/web/src/styles.css", `  background-image: url("${img}");`, {
      kind: "data-uri-image",
      value: img,
      why: "inline image",
    })
    .add("apps/web/src/styles.css", "}");
  const fontB64 = b64(randomBytes(900));
  b.decoy(
    "apps/web/src/fonts.ts",
    `export const ICON_FONT = "data:font/woff2;base64,${fontB64}";`,
    { kind: "data-uri-font", value: fontB64, why: "inline font" },
  );
  b.decoy("apps/web/src/ids.ts", `export const BASE62 = "${BASE62}";`, {
    kind: "alphabet-constant",
    value: BASE62,
    why: "an alphabet",
  })
    .decoy("apps/web/src/ids.ts", `export const BUILD_ID = "${pick(HEX, 12)}";`, {
      kind: "build-id",
      value: "BUILD_ID",
      why: "build id",
    })
    .decoy("apps/web/src/ids.ts", `const cacheKey = \`chunk-\${name}.${pick(HEX, 8)}.js\`;`, {
      kind: "cache-bust-hash",
      value: "cacheKey",
      why: "file name hash",
    });
  b.decoy(
    "apps/web/src/i18n/en.json",
    '{ "login.password": "Enter your password", "login.token": "Paste your API token here" }',
    { kind: "keyword-not-secret", value: "Enter your password", why: "UI text" },
  );
}

export function decoyEncrypted(b: Builder): void {
  // --- encrypted values ---------------------------------------------------
  const vaultLines = Array.from({ length: 5 }, () => pick(HEX, 80)).join("\n");
  const ansible = `$ANSIBLE_VAULT;1.1;AES256\n${vaultLines}`;
  b.decoy("ansible/group_vars/vault.yml", ansible, {
    kind: "ansible-vault-encrypted",
    value: ansible,
    why: "encrypted at rest",
  });
  const sops = `ENC[AES256_GCM,data:${b64(randomBytes(24))},iv:${b64(randomBytes(32))},tag:${
    b64(randomBytes(16))
  },type:str]`;
  b.add("deploy/secrets.enc.yaml", "db:")
    .decoy("deploy/secrets.enc.yaml", `    password: ${sops}`, {
      kind: "sops-encrypted",
      value: sops,
      why: "SOPS-encrypted value",
    });
}

export function decoyTestFixtures(b: Builder): void {
  // --- test fixtures and dev defaults -------------------------------------
  const badChecksum = "ghp_" + pick(BASE62, 30) + "000000";
  b.add("tests/auth/token_test.ts", "// Fake tokens for the parser tests; none of them is valid.")
    .decoy(
      "tests/auth/token_test.ts",
      `const FAKE_TOKEN = "${badChecksum}"; // fake, bad checksum`,
      {
        kind: "test-fixture-fake-token",
        value: badChecksum,
        expect: "may-warn",
        why: "labelled fake token with an invalid checksum in a test",
      },
    )
    .decoy("tests/auth/token_test.ts", 'const password = "hunter2"; // test password', {
      kind: "test-fixture-password",
      value: "hunter2",
      expect: "may-warn",
      why: "well-known dummy password in a test",
    });
  b.add(
    "docker-compose.yml",
    'services:\n  db:\n    image: postgres:16\n    ports: ["5432:5432"]\n    environment:',
  )
    .decoy("docker-compose.yml", "      POSTGRES_PASSWORD: postgres", {
      kind: "dev-default-compose",
      value: "postgres",
      expect: "may-warn",
      why: "local dev default",
    })
    .add("docker-compose.yml", "  app:\n    environment:")
    .decoy(
      "docker-compose.yml",
      "      DATABASE_URL: postgres://postgres:postgres@localhost:5432/app_dev",
      {
        kind: "dev-default-localhost-url",
        value: "postgres:postgres@localhost",
        why: "local dev default",
      },
    )
    .decoy("docker-compose.yml", "      AMQP_URL: amqp://guest:guest@localhost:5672/", {
      kind: "dev-default-localhost-url",
      value: "guest:guest@localhost",
      why: "RabbitMQ default on localhost",
    })
    .decoy("docker-compose.yml", "      REDIS_URL: redis://localhost:6379/0", {
      kind: "dev-default-localhost-url",
      value: "redis://localhost",
      why: "no credential at all",
    });
  b.add("config/development.yml", "database:\n  host: 127.0.0.1")
    .decoy("config/development.yml", "  password: dev", {
      kind: "dev-default-yaml",
      value: "dev",
      expect: "may-warn",
      why: "3-char dev value",
    });
}

export function decoyPublicByDesign(b: Builder): void {
  // --- public by design ---------------------------------------------------
  const pk = "pk_live_" + pick(BASE62, 99);
  b.add("apps/web/src/checkout.ts", 'import { loadStripe } from "@stripe/stripe-js";')
    .decoy("apps/web/src/checkout.ts", `export const stripePromise = loadStripe("${pk}");`, {
      kind: "public-stripe-publishable",
      value: pk,
      why: "publishable key: shipped to every browser by design",
    });
  const recaptcha = "6L" + pick(URLSAFE, 38);
  b.decoy("apps/web/src/checkout.ts", `const RECAPTCHA_SITE_KEY = "${recaptcha}";`, {
    kind: "public-recaptcha-site-key",
    value: recaptcha,
    why: "site key is embedded in the page by design",
  });
  const mapbox = `pk.${b64url(JSON.stringify({ u: "acme", a: pick(LOWER_ALNUM, 10) }))}.${
    pick(URLSAFE, 22)
  }`;
  b.decoy("apps/web/src/map.ts", `mapboxgl.accessToken = "${mapbox}";`, {
    kind: "public-mapbox-pk",
    value: mapbox,
    why: "Mapbox pk. public token (sk. would be secret)",
  });
  const googleClientId = `${pick(DIGITS, 12)}-${pick(LOWER_ALNUM, 32)}.apps.googleusercontent.com`;
  b.decoy("apps/web/src/map.ts", `export const GOOGLE_CLIENT_ID = "${googleClientId}";`, {
    kind: "public-oauth-client-id",
    value: googleClientId,
    why: "OAuth client id is public (the client secret is not)",
  });
  const firebase = "AIza" + pick(URLSAFE, 35);
  b.add("apps/web/src/firebase.ts", "export const firebaseConfig = {")
    .decoy("apps/web/src/firebase.ts", `  apiKey: "${firebase}",`, {
      kind: "public-firebase-api-key",
      value: firebase,
      expect: "may-warn",
      why:
        "Firebase web apiKey is public by design, but the AIza shape is the same as a billable server key: a warning is reasonable, a block is not",
    })
    .add(
      "apps/web/src/firebase.ts",
      '  authDomain: "acme-prod-42.firebaseapp.com",\n  projectId: "acme-prod-42",\n};',
    );
  const sentry = `https://${pick(HEX, 32)}@o${pick(DIGITS, 6)}.ingest.sentry.io/${pick(DIGITS, 7)}`;
  b.decoy("apps/web/src/sentry.ts", `Sentry.init({ dsn: "${sentry}" });`, {
    kind: "public-sentry-dsn",
    value: sentry,
    expect: "may-warn",
    why: "browser DSN is public by design (it only allows sending events)",
  });
}
