/**
 * Re-encoded and binary files and the rarer formats (npmrc, PuTTY, kubeconfig, netrc, .NET, Docker, Go, Ruby) of the secret corpus, in corpus order. Part of `corpusFiles` in
 * `secret_corpus_files.ts`.
 * @module
 */

import type { CorpusFile } from "./generate_secret_corpus.ts";
import { type CorpusContext, D, P } from "./secret_corpus_files_shared.ts";
import { ALNUM, checksummedToken } from "./secret_corpus_tokens.ts";

/** Re-encoded and binary files and the rarer formats (npmrc, PuTTY, kubeconfig, netrc, .NET, Docker, Go, Ruby) of the corpus, drawing from `c` in corpus order. */
export function otherFormatFiles(c: CorpusContext): CorpusFile[] {
  const { r, a, h, w, pem } = c;
  return [
    {
      path: "blind/notes_utf16le.txt",
      encoding: "utf-16le-bom",
      lines: [
        "Notes exported from the wiki",
        "",
        P("github-token", `backup token ${checksummedToken(r, "ghp_")}`),
      ],
    },
    {
      path: "blind/report_utf16be.csv",
      encoding: "utf-16be",
      lines: ["name,value", P("stripe-secret-key", `stripe,sk_live_${a(24)}`)],
    },
    {
      path: "blind/session.dat",
      lines: [
        "\u0000\u0000\u0000LOGv2\u0000\u0001",
        "2026-12-07T10:00:00Z start",
        P(
          "slack-token",
          `2026-12-07T10:00:01Z using xoxp-${r.chars("0123456789", 11)}-${
            r.chars("0123456789", 12)
          }-${r.chars("0123456789", 12)}-${h(32)}`,
        ),
      ],
    },
    {
      path: "blind/cache.bin",
      encoding: "binary",
      lines: ["cache", P("npm-token", `npmrc:${checksummedToken(r, "npm_")}`), "end"],
    },
    {
      path: "config/.npmrc",
      lines: [P("npm-token", `//registry.npmjs.org/:_authToken=${checksummedToken(r, "npm_")}`)],
    },
    {
      path: "config/mail.xml",
      lines: ["<mail>", P("config-password", "  <password>M4il#Relay9</password>"), "</mail>"],
    },
    {
      path: "keys/deploy.ppk",
      lines: [
        P("putty-private-key", "PuTTY-User-Key-File-3: ssh-ed25519"),
        "Encryption: none",
        "Comment: deploy@ci",
        "Public-Lines: 2",
        `AAAAC3NzaC1lZDI1NTE5AAAAI${a(39)}`,
        a(12),
        "Private-Lines: 1",
        `AAAAI${a(39)}`,
        `Private-MAC: ${h(64)}`,
      ],
    },
    {
      path: "docs/putty.md",
      lines: [
        D(
          "a line that names the PuTTY format",
          "Keys start with `PuTTY-User-Key-File-3: ssh-ed25519` in the first line.",
        ),
      ],
    },
    {
      path: "deploy/kubeconfig.yaml",
      lines: [
        "users:",
        "  - name: admin",
        "    user:",
        D(
          "certificate data (public)",
          `      client-certificate-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t${a(60)}`,
        ),
        P("private-key-base64", `      client-key-data: ${btoa(pem.kube)}`),
      ],
    },
    {
      path: "src/ops/platform.ts",
      lines: [
        P("stripe-webhook-secret", `export const webhookSecret = "whsec_${a(32)}";`),
        P("docker-hub-pat", `export const dockerHub = "dckr_pat_${w(27)}";`),
        P("tailscale-key", `export const tailnet = "tskey-auth-${a(12)}-${a(30)}";`),
        P("groq-api-key", `export const groq = "gsk_${a(52)}";`),
        P("vault-token-legacy", `export const vaultLegacy = "s.${a(24)}";`),
        D(
          "property access that looks like a legacy token",
          "export const size = s.lengthOfTheLongestEntryNm;",
        ),
      ],
    },
    {
      path: "config/netrc",
      lines: [
        P("config-password", `machine api.internal.net login deploy password ${a(6)}#${a(5)}`),
      ],
    },
    {
      path: "src/Web.config",
      lines: [
        "<appSettings>",
        P("config-password", `  <add key="SmtpPassword" value="${a(5)}!${a(4)}" />`),
        D("config reference", '  <add key="ApiToken" value="%API_TOKEN%" />'),
        "</appSettings>",
      ],
    },
    {
      path: "src/Data/Db.cs",
      lines: [
        "namespace Shop.Data;",
        P(
          "connection-string-password",
          `const string Conn = "Server=sql.prod.internal;Database=shop;User Id=shop;Password=${
            a(7)
          }!;";`,
        ),
        D(
          "connection string from configuration",
          'const string Dev = "Server=localhost;Database=shop;User Id=sa;Password=${SA_PASSWORD};";',
        ),
        P(
          "azure-sas-key",
          `const string Bus = "Endpoint=sb://acme.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=${
            r.chars(ALNUM + "+/", 43)
          }=";`,
        ),
      ],
    },
    {
      path: "deploy/Dockerfile",
      lines: [
        "FROM node:22-slim",
        P("config-password", `ENV ADMIN_PASSWORD=${a(4)}$${a(4)}`),
        D("build argument reference", "ENV API_TOKEN=${API_TOKEN}"),
      ],
    },
    {
      path: "deploy/backup.sh",
      lines: [
        "#!/bin/sh",
        P("config-password", `export MYSQL_PWD='${a(5)}&${a(3)}'`),
        D("password from a command", 'export PGPASSWORD="$(cat /run/secrets/pg)"'),
        D("password from an argument", "DB_PASSWORD=$1"),
      ],
    },
    {
      path: "src/payments/hooks.go",
      lines: [
        "package payments",
        P("stripe-secret-key", `const restricted = "rk_live_${a(24)}"`),
        P("square-token", `const square = "sq0atp-${w(22)}"`),
        P("easypost-token", `const easypost = "EZAK${a(54)}"`),
        P(
          "flutterwave-key",
          `const flutterwave = "FLWSECK_TEST-${r.chars("abcdefgh0123456789", 32)}-X"`,
        ),
        D("token type constant", 'const tokenType = "bearer"'),
        D("OAuth endpoint setting", 'const tokenURL = "https://oauth2.googleapis.com/token"'),
      ],
    },
    {
      path: "src/infra/cloud.rb",
      lines: [
        P("alibaba-access-key-id", `ALIBABA_ID = "LTAI${a(20)}"`),
        P("azure-ad-client-secret", `AZURE_SECRET = "${a(3)}8Q~${w(34)}"`),
        P("openshift-token", `OPENSHIFT = "sha256~${w(43)}"`),
        P(
          "dynatrace-token",
          `DYNATRACE = "dt0c01.${r.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 24)}.${
            r.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 64)
          }"`,
        ),
        P("snyk-token", `SNYK_TOKEN = "${r.uuid()}"`),
        P("sendinblue-api-key", `BREVO = "xkeysib-${h(64)}-${a(16)}"`),
        P("rubygems-api-key", `GEM_HOST_API_KEY = "rubygems_${h(48)}"`),
        D("hex digest", `CHECKSUM = "${h(64)}"`),
        D("a password prompt", 'PROMPT = "Enter your password:"'),
      ],
    },
  ];
}
