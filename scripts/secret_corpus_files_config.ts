/**
 * Configuration files (env, YAML, properties, JSON, TOML, Terraform) of the secret corpus, in corpus order. Part of `corpusFiles` in
 * `secret_corpus_files.ts`.
 * @module
 */

import type { CorpusFile } from "./generate_secret_corpus.ts";
import { type CorpusContext, D, P } from "./secret_corpus_files_shared.ts";
import { ALNUM } from "./secret_corpus_tokens.ts";

/** Configuration files (env, YAML, properties, JSON, TOML, Terraform) of the corpus, drawing from `c` in corpus order. */
export function configFiles(c: CorpusContext): CorpusFile[] {
  const { r, a, h, w, pem } = c;
  return [
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
  ];
}
