/** Corpus sections: cloud providers, source-code platforms, CI tokens and chat. @module */

import { randomBytes } from "node:crypto";
import type { Builder } from "./builder.ts";
import {
  awsKeyId,
  awsSecret,
  b64,
  BASE62,
  checksummedToken,
  DIGITS,
  HEX,
  password,
  pick,
  rsaPem,
  UPPER32,
  URLSAFE,
  uuid,
} from "./tokens.ts";

export function plantCloud(b: Builder): void {
  // --- cloud providers ---------------------------------------------------
  const akia = awsKeyId();
  const awsSec = awsSecret();
  b.add("deploy/.aws/credentials", "[default]")
    .plant("deploy/.aws/credentials", `aws_access_key_id = ${akia}`, {
      kind: "aws-access-key-id",
      value: akia,
      why: "long-lived IAM user key id in a credentials file",
    })
    .plant("deploy/.aws/credentials", `aws_secret_access_key = ${awsSec}`, {
      kind: "aws-secret-access-key",
      value: awsSec,
      why: "IAM secret: full account access",
    })
    .add("deploy/.aws/credentials", "region = eu-west-1");
  const asia = awsKeyId("ASIA");
  const awsSec2 = awsSecret();
  b.add("scripts/release.sh", "#!/usr/bin/env bash\nset -euo pipefail")
    .plant("scripts/release.sh", `export AWS_ACCESS_KEY_ID=${asia}`, {
      kind: "aws-sts-key-id",
      value: asia,
      why: "STS key id exported in a shell script",
    })
    .plant("scripts/release.sh", `export AWS_SECRET_ACCESS_KEY="${awsSec2}"`, {
      kind: "aws-secret-access-key",
      value: awsSec2,
      why: "secret exported in a committed shell script",
    })
    .add("scripts/release.sh", 'aws s3 sync dist/ "s3://$BUCKET/"');

  const gcpPem = rsaPem("pkcs8");
  const gcpEscaped = gcpPem.replace(/\n/g, "\\n") + "\\n";
  const gcpKeyId = pick(HEX, 40);
  b.add("config/gcp-service-account.json", "{")
    .add(
      "config/gcp-service-account.json",
      '  "type": "service_account",\n  "project_id": "acme-prod-42",',
    )
    .add("config/gcp-service-account.json", `  "private_key_id": "${gcpKeyId}",`)
    .plant("config/gcp-service-account.json", `  "private_key": "${gcpEscaped}",`, {
      kind: "gcp-service-account-private-key",
      value: gcpEscaped,
      why: "service-account key JSON: the private key is the credential",
    })
    .add(
      "config/gcp-service-account.json",
      '  "client_email": "deployer@acme-prod-42.iam.gserviceaccount.com",',
    )
    .add("config/gcp-service-account.json", `  "client_id": "${pick(DIGITS, 21)}",`)
    .add(
      "config/gcp-service-account.json",
      '  "token_uri": "https://oauth2.googleapis.com/token"\n}',
    );
  const gApi = "AIza" + pick(URLSAFE, 35);
  b.add("services/geo/.env.production", "NODE_ENV=production")
    .plant("services/geo/.env.production", `GOOGLE_MAPS_SERVER_KEY=${gApi}`, {
      kind: "gcp-api-key",
      value: gApi,
      why: "server-side Google API key (billing abuse)",
    });

  const azKey = b64(randomBytes(64));
  const azConn =
    `DefaultEndpointsProtocol=https;AccountName=acmeprodstore;AccountKey=${azKey};EndpointSuffix=core.windows.net`;
  b.add(
    "src/Api/appsettings.Production.json",
    '{\n  "Logging": { "LogLevel": { "Default": "Warning" } },\n  "ConnectionStrings": {',
  )
    .plant("src/Api/appsettings.Production.json", `    "Blob": "${azConn}",`, {
      kind: "azure-storage-connection-string",
      value: azKey,
      why: "storage account key: full data access",
    });
  const sqlPw = password(14);
  b.plant(
    "src/Api/appsettings.Production.json",
    `    "Sql": "Server=tcp:acme.database.windows.net,1433;Database=orders;User ID=orders_app;Password=${sqlPw};Encrypt=True;"`,
    { kind: "connection-string-password", value: sqlPw, why: "SQL Server password in appsettings" },
  )
    .add(
      "src/Api/appsettings.Production.json",
      '  },\n  "AzureAd": {\n    "TenantId": "' + uuid() + '",\n    "ClientId": "' + uuid() + '",',
    );
  const azClientSecret = pick(BASE62, 3) + pick(DIGITS, 1) + "Q~" + pick(BASE62 + "_~.-", 34);
  b.plant("src/Api/appsettings.Production.json", `    "ClientSecret": "${azClientSecret}"`, {
    kind: "azure-ad-client-secret",
    value: azClientSecret,
    why: "Entra ID app secret",
  })
    .add("src/Api/appsettings.Production.json", "  }\n}");
}

export function plantSourcePlatforms(b: Builder): void {
  // --- source-code platforms and CI tokens ----------------------------------
  const ghp = checksummedToken("ghp_");
  b.add(
    ".github/workflows/release.yml",
    "name: release\non: push\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    env:",
  )
    .plant(".github/workflows/release.yml", `      GH_TOKEN: ${ghp}`, {
      kind: "github-pat-classic",
      value: ghp,
      checksum: "github",
      why: "classic PAT hard-coded in a workflow",
    })
    .add(".github/workflows/release.yml", "    steps:\n      - uses: actions/checkout@v4");
  const ghFine = `github_pat_${pick(BASE62, 22)}_${pick(BASE62, 59)}`;
  b.add("tools/sync_issues.py", "import requests\n")
    .plant("tools/sync_issues.py", `HEADERS = {"Authorization": "token ${ghFine}"}`, {
      kind: "github-pat-fine-grained",
      value: ghFine,
      why: "fine-grained PAT in Python source",
    });
  const ghs = checksummedToken("ghs_");
  b.add("tools/sync_issues.py", "")
    .plant("tools/sync_issues.py", `INSTALLATION_TOKEN = '${ghs}'`, {
      kind: "github-app-installation-token",
      value: ghs,
      checksum: "github",
      why: "GitHub App installation token",
    });
  const gho = checksummedToken("gho_");
  b.add("tools/sync_issues.py", "")
    .plant(
      "tools/sync_issues.py",
      `oauth = requests.Session(); oauth.headers["Authorization"] = "Bearer ${gho}"`,
      { kind: "github-oauth-token", value: gho, checksum: "github", why: "OAuth user token" },
    );
  const ghu = checksummedToken("ghu_");
  const ghr = checksummedToken("ghr_");
  b.add("internal/gh/client.go", "package gh\n\nconst (")
    .plant("internal/gh/client.go", `\tuserToServer = "${ghu}"`, {
      kind: "github-user-to-server-token",
      value: ghu,
      checksum: "github",
      why: "user-to-server token in Go const",
    })
    .plant("internal/gh/client.go", `\trefreshToken = "${ghr}"`, {
      kind: "github-refresh-token",
      value: ghr,
      checksum: "github",
      why: "refresh token in Go const",
    })
    .add("internal/gh/client.go", ")");
  const glpat = "glpat-" + pick(URLSAFE, 20);
  b.add(".gitlab-ci.yml", "stages: [build]\nvariables:")
    .plant(".gitlab-ci.yml", `  GITLAB_TOKEN: "${glpat}"`, {
      kind: "gitlab-pat",
      value: glpat,
      why: "GitLab PAT in CI config",
    });
  const glptt = "glptt-" + pick(HEX, 40);
  b.plant(".gitlab-ci.yml", `  TRIGGER: "${glptt}"`, {
    kind: "gitlab-pipeline-trigger-token",
    value: glptt,
    why: "pipeline trigger token",
  });
}

export function plantChat(b: Builder): void {
  // --- chat / messaging ------------------------------------------------------
  const xoxb = `xoxb-${pick(DIGITS, 12)}-${pick(DIGITS, 13)}-${pick(BASE62, 24)}`;
  const xoxp = `xoxp-${pick(DIGITS, 12)}-${pick(DIGITS, 12)}-${pick(DIGITS, 13)}-${pick(HEX, 32)}`;
  const slackHook = `https://hooks.slack.com/services/T${pick(UPPER32.slice(0, 26) + DIGITS, 8)}/B${
    pick(UPPER32.slice(0, 26) + DIGITS, 10)
  }/${pick(BASE62, 24)}`;
  b.add("bots/notify/config.yaml", "slack:\n  channel: '#deploys'")
    .plant("bots/notify/config.yaml", `  bot_token: ${xoxb}`, {
      kind: "slack-bot-token",
      value: xoxb,
      why: "Slack bot token",
    })
    .plant("bots/notify/config.yaml", `  user_token: "${xoxp}"`, {
      kind: "slack-user-token",
      value: xoxp,
      why: "Slack user token (acts as a person)",
    })
    .plant("bots/notify/config.yaml", `  webhook: ${slackHook}`, {
      kind: "slack-webhook",
      value: slackHook,
      why: "incoming webhook: anyone can post",
    });
  const discordHook = `https://discord.com/api/webhooks/${pick(DIGITS, 18)}/${pick(URLSAFE, 68)}`;
  b.plant("bots/notify/config.yaml", `discord_webhook: "${discordHook}"`, {
    kind: "discord-webhook",
    value: discordHook,
    why: "Discord webhook URL",
  });
  const tg = `${pick("123456789", 1)}${pick(DIGITS, 9)}:AA${pick(URLSAFE, 33)}`;
  b.plant("bots/notify/config.yaml", `telegram_bot_token: "${tg}"`, {
    kind: "telegram-bot-token",
    value: tg,
    why: "Telegram bot token",
  });
}
