/**
 * Source files and shell scripts of the secret corpus, in corpus order. Part of `corpusFiles` in
 * `secret_corpus_files.ts`.
 * @module
 */

import type { CorpusFile } from "./generate_secret_corpus.ts";
import { B62, type CorpusContext, D, P } from "./secret_corpus_files_shared.ts";
import { checksummedToken, discordBotToken, pypiToken } from "./secret_corpus_tokens.ts";

/** Source files and shell scripts of the corpus, drawing from `c` in corpus order. */
export function codeFiles(c: CorpusContext): CorpusFile[] {
  const { r, a, h, w, awsId, awsSecret } = c;
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
  ];
}
