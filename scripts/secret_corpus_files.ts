/**
 * The files of the secret corpus: which fake credential or decoy goes on
 * which line of which kind of file. Read by `generate_secret_corpus.ts`.
 * @module
 */

import type { CorpusFile, CorpusLine } from "./generate_secret_corpus.ts";
import {
  ALNUM,
  checksummedToken,
  discordBotToken,
  HEX,
  jwt,
  privateKeyPem,
  pypiToken,
  Random,
} from "./secret_corpus_tokens.ts";

const P = (planted: string, text: string): CorpusLine => ({ text, planted });
const D = (decoy: string, text: string): CorpusLine => ({ text, decoy });
const B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** The corpus files for `seed`. */
export async function corpusFiles(seed: number): Promise<CorpusFile[]> {
  const r = new Random(seed);
  const a = (n: number) => r.chars(ALNUM, n);
  const h = (n: number) => r.chars(HEX, n);
  const w = (n: number) => r.chars(ALNUM + "_-", n);
  const lower = (n: number) => r.chars("abcdefghijklmnopqrstuvwxyz0123456789", n);
  const pem = {
    rsa8: await privateKeyPem("pkcs8-rsa"),
    ec8: await privateKeyPem("pkcs8-ec"),
    rsa1: await privateKeyPem("pkcs1-rsa"),
    sec1: await privateKeyPem("sec1-ec"),
    kube: await privateKeyPem("pkcs8-ec"),
  };
  const awsId = "AKIA" + r.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
  const awsSecret = r.chars(ALNUM + "/+", 38) + "a1";
  return [
    {
      path: "src/deploy/aws.ts",
      lines: [
        "/** Deploy credentials (moved to the vault next sprint). */",
        P("aws-access-key-id", `export const AWS_ACCESS_KEY_ID = "${awsId}";`),
        P("aws-secret-access-key", `export const AWS_SECRET_ACCESS_KEY = "${awsSecret}";`),
        "/**",
        D(
          "AWS documentation example key id",
          " * e.g. AKIAIOSFODNN7EXAMPLE with wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        ),
        " */",
        D("BASE62 alphabet constant", `const BASE62 = "${B62}";`),
        D("UUID request id", `const requestId = "${r.uuid()}";`),
        D("git commit id", `const builtFrom = "${h(40)}";`),
      ],
    },
    {
      path: "src/clients/github.ts",
      lines: [
        P("github-token", `const token = "${checksummedToken(r, "ghp_")}";`),
        P("github-token", `const appToken = "${checksummedToken(r, "ghs_")}";`),
        P("github-fine-grained-pat", `const fineGrained = "github_pat_${a(22)}_${a(59)}";`),
        D("token from the environment", "const fromEnv = process.env.GITHUB_TOKEN;"),
        D("Stripe publishable key", `const stripePublic = "pk_live_${a(24)}";`),
        D("Stripe publishable test key", `const stripeTest = "pk_test_${a(24)}";`),
      ],
    },
    {
      path: "src/clients/providers.py",
      lines: [
        "import os",
        P("openai-api-key", `OPENAI_KEY = "sk-proj-${w(74)}T3BlbkFJ${w(74)}"`),
        P("anthropic-api-key", `ANTHROPIC_KEY = "sk-ant-api03-${w(93)}AA"`),
        P("google-api-key", `MAPS = "AIza${w(35)}"`),
        P("huggingface-token", `HF = "hf_${a(34)}"`),
        P("sendgrid-api-key", `sendgrid = "SG.${w(22)}.${w(43)}"`),
        P("vault-token", `VAULT = "hvs.${w(94)}"`),
        P("pypi-token", `PYPI = "${pypiToken(r)}"`),
        P("npm-token", `NPM = "${checksummedToken(r, "npm_")}"`),
        P(
          "slack-token",
          `SLACK = "xoxb-${r.chars("0123456789", 12)}-${r.chars("0123456789", 13)}-${a(24)}"`,
        ),
        P("stripe-secret-key", `STRIPE = "sk_live_${a(24)}"`),
        P("gitlab-token", `GITLAB = "glpat-${w(20)}"`),
        D("key from os.environ", 'API_KEY = os.environ["API_KEY"]'),
        D("key from getenv", 'SECRET = os.getenv("APP_SECRET")'),
        D("placeholder", 'api_key = "YOUR_API_KEY_HERE"'),
      ],
    },
    {
      path: "src/bots/chat.js",
      lines: [
        P("telegram-bot-token", `const telegram = "${r.chars("0123456789", 10)}:AA${w(33)}";`),
        P("discord-bot-token", `const discordBot = "${discordBotToken(r)}";`),
        P(
          "discord-webhook",
          `const hook = "https://discord.com/api/webhooks/${r.chars("0123456789", 18)}/${w(68)}";`,
        ),
        P(
          "slack-webhook",
          `const slackHook = "https://hooks.slack.com/services/T${a(8)}/B${a(10)}/${a(24)}";`,
        ),
        P("twilio-api-key", `const twilio = "SK${h(32)}";`),
        D("reference in a template", "const auth = `Bearer ${process.env.BOT_TOKEN}`;"),
      ],
    },
    {
      path: "scripts/ops.sh",
      lines: [
        "#!/bin/sh",
        P(
          "digitalocean-token",
          `curl -H "Authorization: Bearer dop_v1_${
            h(64)
          }" https://api.digitalocean.com/v2/droplets`,
        ),
        P(
          "authorization-header",
          `curl -H "Authorization: Bearer ${a(40)}" https://internal.example.org/api`,
        ),
        P("curl-basic-auth", `curl -u deploy:${a(6)}!${a(5)} https://ci.internal.net/job/build`),
        D(
          "header from a variable",
          'curl -H "Authorization: Bearer $API_TOKEN" https://api.github.com/user',
        ),
        D("curl user from variables", 'curl -u "$CI_USER:$CI_PASSWORD" https://ci.internal.net/'),
        P("databricks-token", `export DATABRICKS_TOKEN=dapi${h(32)}`),
        P("shopify-token", `export SHOPIFY=shpat_${h(32)}`),
        P("postman-api-key", `export POSTMAN=PMAK-${a(24)}-${a(34)}`),
      ],
    },
    {
      path: "config/prod.env",
      lines: [
        P("config-password", "DB_PASSWORD=Tr0ub4d&r"),
        P("config-password", "SMTP_PASS=k9#Lm2!q"),
        P("heroku-api-key", `HEROKU_API_KEY=${r.uuid()}`),
        P("codecov-token", `CODECOV_TOKEN=${r.uuid()}`),
        P("credentials-in-url", `REDIS_URL=redis://:${a(10)}@cache.prod.internal:6379/0`),
        P(
          "credentials-in-url",
          `DATABASE_URL=postgres://app:${a(8)}%21x@db.prod.internal:5432/app`,
        ),
        D(
          "postgres dev default on localhost",
          "DEV_DATABASE_URL=postgres://postgres:postgres@localhost:5432/app",
        ),
        D("guest dev default on localhost", "AMQP_URL=amqp://guest:guest@localhost:5672/"),
        D("reCAPTCHA site key", `RECAPTCHA_SITE_KEY=6Le${w(37)}`),
        D("Stripe publishable key", `STRIPE_PUBLISHABLE_KEY=pk_live_${a(24)}`),
        D("redis without password", "CACHE_URL=redis://localhost:6379/0"),
        D("empty password", "EMPTY_PASSWORD="),
      ],
    },
    {
      path: ".env.example",
      lines: [
        D("placeholder in an example file", "API_KEY=your-api-key"),
        D("empty value in an example file", "DB_PASSWORD="),
        D("reference in an example file", "SECRET_TOKEN=${SECRET_TOKEN}"),
      ],
    },
    {
      path: "config/application.yaml",
      lines: [
        "database:",
        "  host: db.prod.internal",
        P("config-password", '  password: "p@ss:w0rd#1"'),
        D("reference", "  replica_password: ${DB_REPLICA_PASSWORD}"),
        D("placeholder in angle brackets", "  api_key: <your-api-key>"),
        D("masked value", '  admin_password: "********"'),
        D("changeme", "  root_password: changeme"),
        D("setting that is not a secret", "  password_min_length: 12"),
        D("guest dev default on localhost", "  broker: amqp://guest:guest@localhost:5672//"),
        P("config-password", "  ldap_bind_password: Qz7$wL9x"),
        D("templated value", '  deploy_token: "{{ vault_deploy_token }}"'),
        D("ansible vault reference", "  vault_password: !vault |"),
      ],
    },
    {
      path: ".github/workflows/deploy.yml",
      lines: [
        "jobs:",
        "  deploy:",
        "    steps:",
        "      - uses: actions/checkout@v4",
        D("GitHub Actions secret expression", "        token: ${{ secrets.DEPLOY_TOKEN }}"),
        D("Actions expression in env", "        NPM_TOKEN: ${{ secrets.NPM_TOKEN }}"),
      ],
    },
    {
      path: "config/app.properties",
      lines: [
        "spring.datasource.url=jdbc:mysql://db.prod.internal:3306/app",
        P("config-password", "spring.datasource.password=G7!x&9qZ"),
        D("property reference", "mail.password=${MAIL_PASSWORD}"),
        P("mailgun-key", `mailgun.api.key=key-${h(32)}`),
      ],
    },
    {
      path: "app/settings.py",
      lines: [
        "import os",
        P(
          "django-secret-key",
          `SECRET_KEY = 'django-insecure-${
            r.chars("abcdefghijklmnopqrstuvwxyz0123456789!@#%^&*(-_=+)", 50)
          }'`,
        ),
        D("Django key from the environment", 'PROD_SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]'),
        "DATABASES = {",
        "    'default': {",
        "        'ENGINE': 'django.db.backends.postgresql',",
        P("config-password", "        'PASSWORD': 'Xk2#mP9!',"),
        D("development default", "        'TEST_PASSWORD': 'postgres',"),
        "    }",
        "}",
      ],
    },
    {
      path: "config/appsettings.json",
      lines: [
        "{",
        P("config-password", '  "SmtpPassword": "s3cr3t+Mail",'),
        P(
          "azure-storage-key",
          `  "Storage": "DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=${
            r.chars(ALNUM + "+/", 86)
          }==",`,
        ),
        D("empty secret", '  "ClientSecret": "",'),
        D("recaptcha site key", `  "RecaptchaSiteKey": "6Lc${w(37)}",`),
        D("integrity hash", `  "integrity": "sha512-${r.chars(ALNUM + "+/", 86)}==",`),
        P("datadog-key", `  "DatadogApiKey": "${h(32)}"`),
        "}",
      ],
    },
    {
      path: "config/service.toml",
      lines: [
        "[database]",
        P("config-password", 'password = "hunter2!A"'),
        D("TOML reference", 'replica_password = "${REPLICA_PASSWORD}"'),
        "[queue]",
        P("credentials-in-url", `url = "amqps://svc:${a(12)}@mq.prod.internal:5671/"`),
      ],
    },
    {
      path: "infra/main.tf",
      lines: [
        'resource "aws_db_instance" "main" {',
        P("config-password", '  password = "Zx8!pQ2$"'),
        D("Terraform variable", "  replica_password = var.db_password"),
        D(
          "Terraform data source",
          "  master_password = data.aws_secretsmanager_secret_version.db.secret_string",
        ),
        "}",
        P("terraform-cloud-token", `token = "${a(14)}.atlasv1.${w(67)}"`),
      ],
    },
    {
      path: "config/service-account.json",
      lines: [
        "{",
        '  "type": "service_account",',
        P("private-key", `  "private_key": ${JSON.stringify(pem.rsa8)},`),
        '  "client_email": "deployer@acme-prod.iam.gserviceaccount.com"',
        "}",
      ],
    },
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
