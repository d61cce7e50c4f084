/**
 * Key files, auth and integration code, docs and web pages of the secret corpus, in corpus order. Part of `corpusFiles` in
 * `secret_corpus_files.ts`.
 * @module
 */

import type { CorpusFile } from "./generate_secret_corpus.ts";
import { type CorpusContext, D, P } from "./secret_corpus_files_shared.ts";
import { ALNUM, jwt } from "./secret_corpus_tokens.ts";

/** Key files, auth and integration code, docs and web pages of the corpus, drawing from `c` in corpus order. */
export function keyAndDocFiles(c: CorpusContext): CorpusFile[] {
  const { r, a, h, w, lower, pem } = c;
  return [
    { path: "keys/deploy_rsa", lines: [P("private-key", pem.rsa1.trimEnd())] },
    { path: "keys/signing-key.pem.txt", lines: [P("private-key", pem.sec1.trimEnd())] },
    {
      path: "src/crypto/keys.ts",
      lines: [
        P("private-key", `export const SIGNING_KEY = \`${pem.ec8.trimEnd()}\`;`),
        D(
          "key header in a check",
          'export const isKey = (pem: string) => pem.startsWith("-----BEGIN PRIVATE KEY-----");',
        ),
      ],
    },
    {
      path: "keys/public-key.txt",
      lines: [
        D("public key block", "-----BEGIN PUBLIC KEY-----"),
        r.chars(ALNUM, 64),
        r.chars(ALNUM, 40) + "==",
        "-----END PUBLIC KEY-----",
        D("ssh public key", `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${a(43)} deploy@ci`),
      ],
    },
    {
      path: "src/auth/session.ts",
      lines: [
        P("jwt", `const serviceJwt = "${jwt(r)}";`),
        D(
          "jwt.io example token",
          'const example = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";',
        ),
        P("hardcoded-password", 'const password = "Wq9$kd!2Lx";'),
        D("password from a function", 'const dbPassword = readSecret("db");'),
        D("type annotation", "let password: string | undefined;"),
      ],
    },
    {
      path: "src/integrations/saas.ts",
      lines: [
        P("doppler-token", `const doppler = "dp.pt.${a(43)}";`),
        P("linear-api-key", `const linear = "lin_api_${a(40)}";`),
        P(
          "new-relic-key",
          `const newRelic = "NRAK-${r.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 27)}";`,
        ),
        P("grafana-token", `const grafana = "glsa_${a(32)}_${h(8)}";`),
        P("pulumi-token", `const pulumi = "pul-${h(40)}";`),
        P("planetscale-token", `const planetscale = "pscale_pw_${w(43)}";`),
        P("sentry-token", `const sentry = "sntryu_${h(64)}";`),
        P(
          "age-secret-key",
          `const age = "AGE-SECRET-KEY-1${r.chars("QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L", 58)}";`,
        ),
        P("atlassian-api-token", `const jira_api_token = "${lower(24)}";`),
        P("okta-token", `const oktaToken = "00${w(40)}";`),
        P("algolia-api-key", `const algoliaAdminKey = "${lower(32)}";`),
        P("twitter-secret", `const twitterApiSecret = "${lower(50)}";`),
        P(
          "slack-app-token",
          `const slackApp = "xapp-1-A${r.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 10)}-${
            r.chars("0123456789", 13)
          }-${h(64)}";`,
        ),
        P("gitlab-runner-registration-token", `const runner = "GR1348941${w(20)}";`),
        D("UUID as an id", `const tenantId = "${r.uuid()}";`),
        D("Heroku app id (not a key)", `const HEROKU_APP_ID = "${r.uuid()}";`),
        D("GitHub-shaped token with a wrong checksum", `const notAToken = "ghp_${a(30)}AAAAAA";`),
      ],
    },
    {
      path: "docs/setup.md",
      lines: [
        "# Setup",
        D(
          "GitHub token placeholder",
          "Set `GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx` in your shell.",
        ),
        D(
          "Stripe key placeholder",
          "Use a key like `sk_live_xxxxxxxxxxxxxxxxxxxxxxxx` from the dashboard.",
        ),
        D("Anthropic key placeholder", "ANTHROPIC_API_KEY=sk-ant-api03-" + "x".repeat(93) + "AA"),
        D("Hugging Face placeholder", "HF_TOKEN=hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        D(
          "SendGrid placeholder",
          "SENDGRID_API_KEY=SG.xxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        ),
        D(
          "jwt.io example token",
          "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
        ),
        D("AWS documentation example", "aws_access_key_id = AKIAIOSFODNN7EXAMPLE"),
        D("password placeholder", "DB_PASSWORD=<your-password>"),
        D("local dev default", "Connect with `mysql://root:root@127.0.0.1:3306/dev`."),
      ],
    },
    {
      path: "web/index.html",
      lines: [
        D(
          "recaptcha site key in markup",
          `<div class="g-recaptcha" data-sitekey="6Lf${w(37)}"></div>`,
        ),
        D(
          "subresource integrity hash",
          `<script src="/app.js" integrity="sha384-${r.chars(ALNUM + "+/", 64)}"></script>`,
        ),
        D(
          "inline image",
          `<img src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk${
            a(20)
          }AAAAAElFTkSuQmCC">`,
        ),
        D(
          "Google Maps key placeholder",
          '<script src="https://maps.googleapis.com/maps/api/js?key=YOUR_API_KEY"></script>',
        ),
      ],
    },
    {
      path: "k8s/deployment.yaml",
      lines: [
        "env:",
        "  - name: DB_PASSWORD",
        "    valueFrom:",
        "      secretKeyRef:",
        D("secret reference by name", "        name: db-credentials"),
        D("key name of a secret", "        key: password"),
        D("boolean setting", "  secret: true"),
        "---",
        "kind: Secret",
        "data:",
        D("base64 of a placeholder in a Secret manifest", "  password: Y2hhbmdlbWU="),
      ],
    },
  ];
}
