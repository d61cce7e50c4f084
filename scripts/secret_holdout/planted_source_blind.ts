/** Corpus sections: secrets in source strings and blind spots (encodings, size). @module */

import type { Builder } from "./builder.ts";
import {
  awsKeyId,
  awsSecret,
  BASE62,
  checksummedToken,
  DIGITS,
  password,
  pick,
  URLSAFE,
  uuid,
} from "./tokens.ts";

export function plantSourceStrings(b: Builder): void {
  // --- secrets in source strings ---------------------------------------------
  const tsKey = pick(BASE62, 32);
  b.add(
    "apps/web/src/analytics.ts",
    'export const config = {\n  endpoint: "https://collect.acme.io",',
  )
    .plant("apps/web/src/analytics.ts", `  apiSecret: "${tsKey}",`, {
      kind: "generic-secret-ts",
      value: tsKey,
      why: "apiSecret property in TS object",
    })
    .add("apps/web/src/analytics.ts", "};");
  const pyTok = pick(URLSAFE, 40);
  b.add("services/crawler/client.py", "from acme_sdk import Client\n")
    .plant("services/crawler/client.py", `client = Client(api_key="${pyTok}", region="eu")`, {
      kind: "generic-api-key-python",
      value: pyTok,
      why: "api_key kwarg in Python",
    });
  const goPw = password(15);
  b.add("internal/db/conn.go", 'package db\n\nimport "database/sql"\n')
    .plant(
      "internal/db/conn.go",
      `var dsn = "host=db-primary.internal user=app password=${goPw} dbname=orders sslmode=require"`,
      { kind: "password-go-dsn", value: goPw, why: "libpq keyword DSN in Go" },
    );
  const javaPw = password(14);
  b.add("src/main/java/com/acme/Legacy.java", "package com.acme;\n\npublic final class Legacy {")
    .plant(
      "src/main/java/com/acme/Legacy.java",
      `    private static final String DB_PASSWORD = "${javaPw}";`,
      { kind: "password-java-constant", value: javaPw, why: "Java constant" },
    )
    .add("src/main/java/com/acme/Legacy.java", "}");
  const minKey = "sk_live_" + pick(BASE62, 24);
  const minified = `!function(e){"use strict";var t={};function n(r){if(t[r])return t[r].exports}${
    "var a=document.querySelector('.cart');a&&a.addEventListener('click',function(){n(1)});".repeat(
      8,
    )
  }e.Stripe&&(e.__k="${minKey}");e.algoliaApp="XK2J4QP1";}(window);`;
  b.plant("public/assets/app.min.js", minified, {
    kind: "stripe-secret-key-minified",
    value: minKey,
    why: "secret key in a minified bundle line",
  });
  const mdTok = checksummedToken("ghp_");
  b.add("docs/runbook.md", "# Release runbook\n\nRun this to cut the release:\n\n```bash")
    .plant(
      "docs/runbook.md",
      `curl -H "Authorization: token ${mdTok}" https://api.github.com/repos/acme/web/releases`,
      {
        kind: "github-pat-in-markdown",
        value: mdTok,
        checksum: "github",
        expect: "flag",
        why: "real-checksum PAT pasted in docs",
      },
    )
    .add("docs/runbook.md", "```\n");
  const csvTok = "sk_live_" + pick(BASE62, 24);
  b.add("data/exports/merchants.csv", "merchant_id,name,stripe_key,created_at")
    .add(
      "data/exports/merchants.csv",
      `m_${pick(DIGITS, 6)},Northwind,pk_live_${pick(BASE62, 24)},2026-03-01`,
    )
    .plant("data/exports/merchants.csv", `m_${pick(DIGITS, 6)},Contoso,${csvTok},2026-03-04`, {
      kind: "stripe-secret-key-csv",
      value: csvTok,
      why: "secret key in a CSV export",
    });
}

export function plantBlindSpots(b: Builder): void {
  // --- blind spots: encodings and size ----------------------------------------
  const u16 = checksummedToken("ghp_");
  b.add("tools/win/settings.ini", "[github]\nuser=build")
    .plant("tools/win/settings.ini", `token=${u16}`, {
      kind: "github-pat-utf16",
      value: u16,
      checksum: "github",
      why: "token in a UTF-16LE file (Windows tools write these)",
    });
  b.encodings.set("tools/win/settings.ini", "utf16le");
  const nulKey = awsKeyId();
  const nulSec = awsSecret();
  b.add("tools/legacy/export.dat", "HEADER\u0000\u0000v2")
    .plant("tools/legacy/export.dat", `aws_access_key_id=${nulKey}`, {
      kind: "aws-access-key-id-nul-file",
      value: nulKey,
      why: "file with a NUL byte in its header",
    })
    .plant("tools/legacy/export.dat", `aws_secret_access_key=${nulSec}`, {
      kind: "aws-secret-nul-file",
      value: nulSec,
      why: "file with a NUL byte in its header",
    });
  b.encodings.set("tools/legacy/export.dat", "nul");
  const bigLines: string[] = [];
  for (let i = 0; i < 14000; i++) {
    bigLines.push(
      `2026-11-0${1 + (i % 9)}T10:${
        String(i % 60).padStart(2, "0")
      }:00Z INFO request_id=${uuid()} path=/api/v1/items/${i} status=200 ms=${i % 97}`,
    );
  }
  b.add("logs/app-2026-11.log", bigLines.join("\n"));
  const bigTok = "xoxb-" + pick(DIGITS, 12) + "-" + pick(DIGITS, 13) + "-" + pick(BASE62, 24);
  b.plant("logs/app-2026-11.log", `2026-11-05T10:00:00Z DEBUG slack client init token=${bigTok}`, {
    kind: "slack-bot-token-large-file",
    value: bigTok,
    why: "token in the middle of a ~3 MB file",
  });
  b.add("logs/app-2026-11.log", bigLines.join("\n"));

  // ======================================================================== decoys
}
