/** Corpus sections: payments, email/SMS, AI providers, package registries and containers. @module */

import type { Builder } from "./builder.ts";
import {
  b64,
  BASE62,
  checksummedToken,
  DIGITS,
  HEX,
  LOWER_ALNUM,
  password,
  pick,
  pypiToken,
  URLSAFE,
} from "./tokens.ts";

export function plantPayments(b: Builder): void {
  // --- payments / commerce ---------------------------------------------------
  const skLive = "sk_live_" + pick(BASE62, 99);
  const rkLive = "rk_live_" + pick(BASE62, 99);
  const whsec = "whsec_" + pick(BASE62, 32);
  b.add("apps/shop/src/payments.ts", 'import Stripe from "stripe";\n')
    .plant(
      "apps/shop/src/payments.ts",
      `const stripe = new Stripe("${skLive}", { apiVersion: "2024-06-20" });`,
      { kind: "stripe-secret-key", value: skLive, why: "live Stripe secret key in TS source" },
    )
    .plant("apps/shop/src/payments.ts", `const reporting = new Stripe('${rkLive}');`, {
      kind: "stripe-restricted-key",
      value: rkLive,
      why: "live restricted key",
    })
    .plant("apps/shop/src/payments.ts", `export const WEBHOOK_SECRET = "${whsec}";`, {
      kind: "stripe-webhook-secret",
      value: whsec,
      why: "webhook signing secret (forged events)",
    });
  const braintree = `access_token$production$${pick(LOWER_ALNUM, 16)}$${pick(HEX, 32)}`;
  b.add("apps/shop/config/payments.properties", "paypal.mode=live")
    .plant("apps/shop/config/payments.properties", `braintree.accessToken=${braintree}`, {
      kind: "braintree-access-token",
      value: braintree,
      why: "PayPal/Braintree production access token",
    });
  const paypalSecret = pick(URLSAFE, 80);
  b.add("apps/shop/config/payments.properties", `paypal.client.id=A${pick(URLSAFE, 79)}`)
    .plant("apps/shop/config/payments.properties", `paypal.client.secret=E${paypalSecret}`, {
      kind: "paypal-client-secret",
      value: paypalSecret,
      why: "PayPal REST client secret, keyword-anchored",
    });
  const sqToken = "EAAA" + pick(URLSAFE, 60);
  const sqSecret = "sq0csp-" + pick(URLSAFE, 43);
  b.plant("apps/shop/config/payments.properties", `square.access.token=${sqToken}`, {
    kind: "square-access-token",
    value: sqToken,
    why: "Square production access token",
  })
    .plant("apps/shop/config/payments.properties", `square.oauth.secret=${sqSecret}`, {
      kind: "square-oauth-secret",
      value: sqSecret,
      why: "Square OAuth secret",
    });
  const shpat = "shpat_" + pick(HEX, 32);
  const shpss = "shpss_" + pick(HEX, 32);
  b.add("apps/shop/.env", "SHOPIFY_STORE=acme-outlet.myshopify.com")
    .plant("apps/shop/.env", `SHOPIFY_ADMIN_TOKEN=${shpat}`, {
      kind: "shopify-access-token",
      value: shpat,
      why: "Shopify admin API token",
    })
    .plant("apps/shop/.env", `SHOPIFY_SHARED_SECRET=${shpss}`, {
      kind: "shopify-shared-secret",
      value: shpss,
      why: "Shopify app shared secret",
    });
}

export function plantEmailSms(b: Builder): void {
  // --- email / SMS -----------------------------------------------------------
  const twilioSid = "AC" + pick(HEX, 32);
  const twilioTok = pick(HEX, 32);
  const twilioKey = "SK" + pick(HEX, 32);
  b.add("apps/shop/.env", `TWILIO_ACCOUNT_SID=${twilioSid}`)
    .plant("apps/shop/.env", `TWILIO_AUTH_TOKEN=${twilioTok}`, {
      kind: "twilio-auth-token",
      value: twilioTok,
      why: "Twilio auth token (32 hex, keyword-anchored)",
    })
    .plant("apps/shop/.env", `TWILIO_API_KEY=${twilioKey}`, {
      kind: "twilio-api-key",
      value: twilioKey,
      why: "Twilio API key SID SK…",
    });
  const sg = `SG.${pick(URLSAFE, 22)}.${pick(URLSAFE, 43)}`;
  const mg = "key-" + pick(HEX, 32);
  const mc = pick(HEX, 32) + "-us" + pick("123456789", 1) + pick(DIGITS, 1);
  b.add(
    "services/mailer/settings.py",
    "import os\n\nEMAIL_BACKEND = 'anymail.backends.sendgrid.EmailBackend'",
  )
    .plant("services/mailer/settings.py", `SENDGRID_API_KEY = "${sg}"`, {
      kind: "sendgrid-api-key",
      value: sg,
      why: "SendGrid key: send mail as the company",
    })
    .plant("services/mailer/settings.py", `ANYMAIL = {"MAILGUN_API_KEY": "${mg}"}`, {
      kind: "mailgun-api-key",
      value: mg,
      why: "Mailgun private key",
    })
    .plant("services/mailer/settings.py", `MAILCHIMP_KEY = '${mc}'`, {
      kind: "mailchimp-api-key",
      value: mc,
      why: "Mailchimp key with datacenter suffix",
    });
  const django = pick("abcdefghijklmnopqrstuvwxyz0123456789!@#%^&*(-_=+)", 50);
  b.plant("services/mailer/settings.py", `SECRET_KEY = '${django}'`, {
    kind: "django-secret-key",
    value: django,
    why: "Django SECRET_KEY: session forgery",
  });
  const dbPw = password(12);
  b.add(
    "services/mailer/settings.py",
    "DATABASES = {\n    'default': {\n        'ENGINE': 'django.db.backends.postgresql',\n        'HOST': 'db-primary.internal',\n        'USER': 'mailer',",
  )
    .plant("services/mailer/settings.py", `        'PASSWORD': '${dbPw}',`, {
      kind: "password-settings-py",
      value: dbPw,
      why: "short symbol-rich DB password in settings.py",
    })
    .add("services/mailer/settings.py", "    }\n}");
}

export function plantAiProviders(b: Builder): void {
  // --- AI providers ----------------------------------------------------------
  const oai = `sk-proj-${pick(URLSAFE, 74)}T3BlbkFJ${pick(URLSAFE, 74)}`;
  const ant = `sk-ant-api03-${pick(URLSAFE, 93)}AA`;
  const hf = "hf_" + pick(BASE62.slice(10), 34);
  b.add(
    "notebooks/eval.ipynb",
    '{\n "cells": [\n  {\n   "cell_type": "code",\n   "execution_count": 1,\n   "metadata": {},\n   "outputs": [],\n   "source": [\n    "import openai, anthropic\\n",',
  )
    .plant("notebooks/eval.ipynb", `    "openai.api_key = \\"${oai}\\"\\n",`, {
      kind: "openai-project-key",
      value: oai,
      why: "OpenAI key in a notebook cell",
    })
    .plant("notebooks/eval.ipynb", `    "client = anthropic.Anthropic(api_key='${ant}')\\n",`, {
      kind: "anthropic-api-key",
      value: ant,
      why: "Anthropic key in a notebook cell",
    })
    .plant("notebooks/eval.ipynb", `    "HF_TOKEN = '${hf}'"`, {
      kind: "huggingface-token",
      value: hf,
      why: "Hugging Face token",
    })
    .add(
      "notebooks/eval.ipynb",
      '   ]\n  }\n ],\n "metadata": {},\n "nbformat": 4,\n "nbformat_minor": 5\n}',
    );
}

export function plantRegistries(b: Builder): void {
  // --- package registries ----------------------------------------------------
  const npmTok = checksummedToken("npm_");
  b.plant(".npmrc", `//registry.npmjs.org/:_authToken=${npmTok}`, {
    kind: "npm-token",
    value: npmTok,
    checksum: "npm",
    why: "npm publish token",
  });
  const pypi = pypiToken();
  b.add(".pypirc", "[distutils]\nindex-servers = pypi\n\n[pypi]\nusername = __token__")
    .plant(".pypirc", `password = ${pypi}`, {
      kind: "pypi-token",
      value: pypi,
      checksum: "pypi",
      why: "PyPI upload token (a well-formed macaroon)",
    });
  const gem = "rubygems_" + pick(HEX, 48);
  b.add("ci/gem_credentials", "---")
    .plant("ci/gem_credentials", `:rubygems_api_key: ${gem}`, {
      kind: "rubygems-api-key",
      value: gem,
      why: "RubyGems push key",
    });
  const nuget = "oy2" + pick("abcdefghijklmnopqrstuvwxyz234567", 43);
  b.add("NuGet.Config", '<?xml version="1.0" encoding="utf-8"?>\n<configuration>\n  <apikeys>')
    .plant(
      "NuGet.Config",
      `    <add key="https://www.nuget.org/api/v2/package" value="${nuget}" />`,
      { kind: "nuget-api-key", value: nuget, why: "NuGet API key" },
    );
  const feedPw = password(16);
  b.add(
    "NuGet.Config",
    '  </apikeys>\n  <packageSourceCredentials>\n    <acme>\n      <add key="Username" value="build" />',
  )
    .plant("NuGet.Config", `      <add key="ClearTextPassword" value="${feedPw}" />`, {
      kind: "nuget-feed-password",
      value: feedPw,
      why: "private feed password",
    })
    .add("NuGet.Config", "    </acme>\n  </packageSourceCredentials>\n</configuration>");
}

export function plantContainers(b: Builder): void {
  // --- containers / orchestration --------------------------------------------
  const dockerAuth = b64(`ci-bot:${password(18)}`);
  b.add("deploy/docker/config.json", '{\n  "auths": {\n    "registry.acme.io": {')
    .plant("deploy/docker/config.json", `      "auth": "${dockerAuth}"`, {
      kind: "docker-config-auth",
      value: dockerAuth,
      why: "base64 user:password for a registry",
    })
    .add("deploy/docker/config.json", "    }\n  }\n}");
  const k8sPw = b64(password(20));
  const k8sApiKey = b64(pick(BASE62, 40));
  b.add(
    "deploy/k8s/secret.yaml",
    "apiVersion: v1\nkind: Secret\nmetadata:\n  name: orders-db\ntype: Opaque\ndata:\n  username: b3JkZXJz",
  )
    .plant("deploy/k8s/secret.yaml", `  password: ${k8sPw}`, {
      kind: "k8s-secret-data",
      value: k8sPw,
      why: "base64 is encoding, not encryption",
    })
    .plant("deploy/k8s/secret.yaml", `  api-key: ${k8sApiKey}`, {
      kind: "k8s-secret-data",
      value: k8sApiKey,
      why: "base64-encoded API key in a Secret",
    });
  const strData = password(15);
  b.add(
    "deploy/k8s/secret.yaml",
    "---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: redis\nstringData:",
  )
    .plant("deploy/k8s/secret.yaml", `  REDIS_PASSWORD: "${strData}"`, {
      kind: "k8s-secret-stringdata",
      value: strData,
      why: "plain password in stringData",
    });
  const composePw = password(13);
  b.add(
    "docker-compose.prod.yml",
    "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_USER: orders",
  )
    .plant("docker-compose.prod.yml", `      POSTGRES_PASSWORD: ${composePw}`, {
      kind: "password-docker-compose",
      value: composePw,
      why: "production compose password",
    });
}
