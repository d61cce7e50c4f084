/**
 * A held-out secret-scan corpus, written independently of the scanner's rules
 * and of `tests/fixtures/secret_corpus/`: fake credentials planted the way real
 * repositories leak them, next to decoys a good scanner must not block.
 *
 * Everything is generated at run time (random bytes, checksums computed, keys
 * freshly made with node:crypto), so this file holds no secret.
 *
 *   deno run -A scripts/generate_secret_holdout.ts [out-dir]
 *
 * writes `<out-dir>/corpus/…` (the files to scan) and `<out-dir>/ground_truth.json`
 * (file, line, endLine, kind, truth planted|decoy, expect, shape, why — never the value).
 *
 * `expect` is what a reasonable reviewer would want:
 *   block          planted: the commit must be blocked
 *   flag           planted where a warning is enough (docs)
 *   may-warn       decoy: a warning is tolerable, a block is a false alarm
 *   must-not-flag  decoy: any finding is a false alarm
 */
import { createHash, createHmac, generateKeyPairSync, randomBytes, randomUUID } from "node:crypto";
import { Buffer } from "node:buffer";
import { join } from "node:path";

export type Truth = "planted" | "decoy";
export type Expect = "block" | "flag" | "may-warn" | "must-not-flag";

export interface HoldoutItem {
  file: string;
  /** 1-based first line of the item. */
  line: number;
  /** 1-based last line (multi-line items such as PEM blocks). */
  endLine: number;
  kind: string;
  truth: Truth;
  expect: Expect;
  /** The line with the value masked, for reports. */
  shape: string;
  why: string;
  /** The planted or decoy value itself (kept in memory, never written to ground truth). */
  value: string;
  /** Set when the value carries a checksum the test re-validates. */
  checksum?: "github" | "npm" | "pypi";
}

export interface HoldoutCorpus {
  /** Relative path -> file bytes. */
  files: Map<string, Uint8Array>;
  items: HoldoutItem[];
}

// ---------------------------------------------------------------- random parts

export const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const LOWER_ALNUM = "0123456789abcdefghijklmnopqrstuvwxyz";
const HEX = "0123456789abcdef";
const UPPER32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const URLSAFE = BASE62 + "-_";
const DIGITS = "0123456789";

function pick(alphabet: string, n: number): string {
  let out = "";
  while (out.length < n) {
    for (const byte of randomBytes(n * 2)) {
      // Rejection sampling keeps every character equally likely.
      if (byte < 256 - (256 % alphabet.length)) out += alphabet[byte % alphabet.length];
      if (out.length === n) break;
    }
  }
  return out;
}

/** A password with upper, lower, digits and symbols (what people type, not a token). */
function password(n: number): string {
  for (;;) {
    const p = pick(BASE62 + "!#%&*+-=?@^_~.", n);
    if (/[A-Z]/.test(p) && /[a-z]/.test(p) && /\d/.test(p) && /[^A-Za-z0-9]/.test(p)) return p;
  }
}

const b64 = (bytes: Uint8Array | string) =>
  (typeof bytes === "string" ? Buffer.from(bytes) : Buffer.from(bytes)).toString("base64");
const b64url = (bytes: Uint8Array | string) =>
  b64(bytes).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(text: string): number {
  let crc = 0xffffffff;
  for (const byte of new TextEncoder().encode(text)) {
    crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}

export function base62(n: number, width: number): string {
  let out = "";
  while (n > 0) {
    out = BASE62[n % 62] + out;
    n = Math.floor(n / 62);
  }
  return out.padStart(width, "0");
}

/** GitHub (ghp_/gho_/ghu_/ghs_/ghr_) and npm (npm_) tokens: 30 random base62 + 6-char base62 CRC32. */
export function checksummedToken(prefix: string): string {
  const body = pick(BASE62, 30);
  return `${prefix}${body}${base62(crc32(body), 6)}`;
}

/** True when the last 6 characters are the base62 CRC32 of the 30 before them. */
export function validChecksum(token: string): boolean {
  const m = token.match(/^(?:gh[pousr]|npm)_([0-9A-Za-z]{30})([0-9A-Za-z]{6})$/);
  return m !== null && base62(crc32(m[1]), 6) === m[2];
}

/** A PyPI API token: `pypi-` + base64url of a version-2 macaroon (location pypi.org, a UUID identifier, one caveat, a 32-byte signature). */
export function pypiToken(): string {
  const field = (type: number, data: Uint8Array | string) => {
    const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
    return concat(new Uint8Array([type, bytes.length]), bytes);
  };
  const caveat = JSON.stringify({ version: 1, permissions: "user" });
  const macaroon = concat(
    new Uint8Array([2]),
    field(1, "pypi.org"),
    field(2, randomUUID()),
    new Uint8Array([0]),
    field(2, caveat),
    new Uint8Array([0, 0]),
    field(6, randomBytes(32)),
  );
  return `pypi-${b64url(macaroon)}`;
}

/** True when a `pypi-` token decodes to a version-2 macaroon for pypi.org with a 32-byte signature. */
export function validPypiToken(token: string): boolean {
  if (!token.startsWith("pypi-")) return false;
  const bytes = Buffer.from(token.slice(5), "base64url");
  if (
    bytes[0] !== 2 || bytes[1] !== 1 || bytes.subarray(3, 3 + bytes[2]).toString() !== "pypi.org"
  ) return false;
  return bytes.at(-34) === 6 && bytes.at(-33) === 32;
}

const awsKeyId = (prefix = "AKIA") => prefix + pick(UPPER32, 16);
const awsSecret = () => pick(BASE62 + "+/", 40);
const uuid = () => randomUUID();

function jwt(payload: Record<string, unknown>, secret: string): string {
  const head = b64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const body = b64url(JSON.stringify(payload));
  const sig = createHmac("sha256", secret).update(`${head}.${body}`).digest("base64url");
  return `${head}.${body}.${sig}`;
}

// SSH wire-format helpers for OpenSSH and PuTTY private keys.
function sshString(data: Uint8Array | string): Uint8Array {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  const out = new Uint8Array(4 + bytes.length);
  new DataView(out.buffer).setUint32(0, bytes.length);
  out.set(bytes, 4);
  return out;
}
const concat = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));
const u32 = (n: number) => {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, n);
  return out;
};
const wrap = (text: string, width: number) =>
  text.match(new RegExp(`.{1,${width}}`, "g"))!.join("\n");

function ed25519Parts() {
  const { privateKey } = generateKeyPairSync("ed25519");
  const jwk = privateKey.export({ format: "jwk" });
  const seed = Buffer.from(jwk.d!, "base64url");
  const pub = Buffer.from(jwk.x!, "base64url");
  const pubBlob = concat(sshString("ssh-ed25519"), sshString(pub));
  return { seed: new Uint8Array(seed), pub: new Uint8Array(pub), pubBlob };
}

function opensshPrivateKey(comment: string): string {
  const { seed, pub, pubBlob } = ed25519Parts();
  const check = randomBytes(4).readUInt32BE(0);
  let priv = concat(
    u32(check),
    u32(check),
    sshString("ssh-ed25519"),
    sshString(pub),
    sshString(concat(seed, pub)),
    sshString(comment),
  );
  for (let i = 1; priv.length % 8 !== 0; i++) priv = concat(priv, new Uint8Array([i]));
  const blob = concat(
    new TextEncoder().encode("openssh-key-v1\0"),
    sshString("none"),
    sshString("none"),
    sshString(""),
    u32(1),
    sshString(pubBlob),
    sshString(priv),
  );
  return `-----BEGIN OPENSSH PRIVATE KEY-----\n${
    wrap(b64(blob), 70)
  }\n-----END OPENSSH PRIVATE KEY-----`;
}

function puttyPrivateKey(comment: string): string {
  const { seed, pubBlob } = ed25519Parts();
  const privBlob = sshString(seed);
  const macData = concat(
    sshString("ssh-ed25519"),
    sshString("none"),
    sshString(comment),
    sshString(pubBlob),
    sshString(privBlob),
  );
  const mac = createHmac("sha256", Buffer.alloc(0)).update(macData).digest("hex");
  const pubLines = wrap(b64(pubBlob), 64).split("\n");
  const privLines = wrap(b64(privBlob), 64).split("\n");
  return [
    "PuTTY-User-Key-File-3: ssh-ed25519",
    "Encryption: none",
    `Comment: ${comment}`,
    `Public-Lines: ${pubLines.length}`,
    ...pubLines,
    `Private-Lines: ${privLines.length}`,
    ...privLines,
    `Private-MAC: ${mac}`,
  ].join("\n");
}

const rsaPem = (type: "pkcs1" | "pkcs8") =>
  (generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({
    type,
    format: "pem",
  }) as string)
    .trim();
const ecPem = () =>
  (generateKeyPairSync("ec", { namedCurve: "prime256v1" }).privateKey.export({
    type: "sec1",
    format: "pem",
  }) as string)
    .trim();

// ---------------------------------------------------------------- builder

interface Mark {
  kind: string;
  value: string;
  expect?: Expect;
  why: string;
  checksum?: "github" | "npm" | "pypi";
}

class Builder {
  readonly text = new Map<string, string[]>();
  readonly encodings = new Map<string, "utf16le" | "nul">();
  readonly items: HoldoutItem[] = [];

  /** Appends unmarked lines (context) to `file`. */
  add(file: string, text: string): this {
    const lines = this.text.get(file) ?? [];
    lines.push(...text.split("\n"));
    this.text.set(file, lines);
    return this;
  }

  private mark(file: string, text: string, truth: Truth, m: Mark): this {
    if (!text.includes(m.value)) {
      throw new Error(`${file}: the ${m.kind} line does not contain its value`);
    }
    const start = (this.text.get(file)?.length ?? 0) + 1;
    this.add(file, text);
    const lines = text.split("\n");
    const at = lines.findIndex((l) => l.includes(m.value.split("\n")[0]));
    const shapeLine = lines[at >= 0 ? at : 0];
    const masked = m.value.includes("\n")
      ? `${shapeLine} (+${m.value.split("\n").length - 1} lines)`
      : shapeLine.replace(m.value, mask(m.value));
    this.items.push({
      file,
      line: start,
      endLine: start + lines.length - 1,
      kind: m.kind,
      truth,
      expect: m.expect ?? (truth === "planted" ? "block" : "must-not-flag"),
      shape: masked.length > 140 ? `${masked.slice(0, 137)}...` : masked,
      why: m.why,
      value: m.value,
      ...(m.checksum ? { checksum: m.checksum } : {}),
    });
    return this;
  }

  plant(file: string, text: string, m: Mark): this {
    return this.mark(file, text, "planted", m);
  }

  decoy(file: string, text: string, m: Mark): this {
    return this.mark(file, text, "decoy", m);
  }
}

/** `ghp_AbCd…` -> `«ghp_ + 36 chars»`: keeps a recognisable prefix, hides the rest. */
function mask(value: string): string {
  if (value.length <= 12) return `«${value.length} chars»`;
  const prefix = value.match(/^[A-Za-z]{2,12}[-_.$]?(?:[a-z]+[-_.$])?/)?.[0] ?? value.slice(0, 3);
  return `«${prefix} + ${value.length - prefix.length} chars»`;
}

// ---------------------------------------------------------------- the corpus

export function generateHoldout(): HoldoutCorpus {
  const b = new Builder();

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

  // --- JWT -------------------------------------------------------------------
  const jwtSecret = pick(BASE62, 48);
  b.add(
    "config/application.yml",
    "spring:\n  datasource:\n    url: jdbc:postgresql://db.prod.internal:5432/orders\n    username: orders",
  );
  const springPw = password(11);
  b.plant("config/application.yml", `    password: ${springPw}`, {
    kind: "password-spring-yml",
    value: springPw,
    why: "Spring datasource password, 11 chars",
  })
    .add("config/application.yml", "security:\n  jwt:")
    .plant("config/application.yml", `    secret: ${jwtSecret}`, {
      kind: "jwt-hs256-secret",
      value: jwtSecret,
      why: "HS256 signing secret: forge any token",
    });
  const token = jwt(
    { sub: "svc-billing", role: "admin", iat: 1765000000, exp: 1893456000 },
    jwtSecret,
  );
  b.add("docs/api.http", "### list invoices\nGET https://api.acme.io/v1/invoices")
    .plant("docs/api.http", `Authorization: Bearer ${token}`, {
      kind: "jwt-bearer",
      value: token,
      why: "long-lived admin JWT (expires 2030)",
    });

  // --- private keys ----------------------------------------------------------
  const rsa1 = rsaPem("pkcs1");
  b.plant("deploy/keys/server.key", rsa1, {
    kind: "private-key-rsa",
    value: rsa1,
    why: "RSA private key (PKCS#1)",
  });
  const ec = ecPem();
  b.plant("deploy/keys/signing-ec.pem", ec, {
    kind: "private-key-ec",
    value: ec,
    why: "EC private key (SEC1)",
  });
  const p8 = rsaPem("pkcs8");
  b.add("src/main/resources/jwt-signing.pem", "")
    .plant("src/main/resources/jwt-signing.pem", p8, {
      kind: "private-key-pkcs8",
      value: p8,
      why: "PKCS#8 private key",
    });
  const ossh = opensshPrivateKey("deploy@ci");
  b.plant("ci/deploy_key", ossh, {
    kind: "private-key-openssh",
    value: ossh,
    why: "OpenSSH ed25519 deploy key",
  });
  const ppk = puttyPrivateKey("admin@bastion");
  b.plant("ci/bastion.ppk", ppk, {
    kind: "putty-private-key",
    value: ppk,
    why: "PuTTY key, unencrypted",
  });

  // --- credential files ------------------------------------------------------
  const netrcPw = pick(HEX, 8) + "-" + pick(HEX, 4) + "-" + pick(HEX, 4) + "-" + pick(HEX, 4) +
    "-" + pick(HEX, 12);
  b.plant("ci/.netrc", `machine api.heroku.com login deploy@acme.io password ${netrcPw}`, {
    kind: "netrc-password",
    value: netrcPw,
    why: ".netrc password (Heroku API key, UUID-shaped)",
  });
  const netrc2 = password(14);
  b.plant("ci/.netrc", `machine git.acme.io\n  login builder\n  password ${netrc2}`, {
    kind: "netrc-password",
    value: netrc2,
    why: "multi-line .netrc entry",
  });
  const pg = password(13);
  b.plant("ci/.pgpass", `db-primary.internal:5432:orders:orders_app:${pg}`, {
    kind: "pgpass-password",
    value: pg,
    why: ".pgpass line",
  });
  const herokuKey = uuid();
  b.add("ci/deploy.env", "APP=acme-web")
    .plant("ci/deploy.env", `HEROKU_API_KEY=${herokuKey}`, {
      kind: "heroku-api-key",
      value: herokuKey,
      why: "UUID-shaped key with keyword context",
    });
  const vault = "hvs." + pick(URLSAFE, 90);
  b.plant("ci/deploy.env", `VAULT_TOKEN=${vault}`, {
    kind: "vault-token",
    value: vault,
    why: "HashiCorp Vault service token",
  });
  const doTok = "dop_v1_" + pick(HEX, 64);
  b.add("ci/deploy.sh", "#!/bin/sh")
    .plant(
      "ci/deploy.sh",
      `curl -sf -X POST -H "Authorization: Bearer ${doTok}" https://api.digitalocean.com/v2/droplets`,
      { kind: "digitalocean-token", value: doTok, why: "DigitalOcean PAT in a curl header" },
    );
  const age = "AGE-SECRET-KEY-1" + pick("QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L".toUpperCase(), 58);
  b.plant(
    "ci/age.key",
    `# created: 2026-11-02T10:00:00Z\n# public key: age1${
      pick("qpzry9x8gf2tvdw0s3jn54khce6mua7l", 58)
    }\n${age}`,
    { kind: "age-secret-key", value: age, why: "age identity file" },
  );
  const ddKey = pick(HEX, 32);
  b.plant("ci/deploy.env", `DD_API_KEY=${ddKey}`, {
    kind: "datadog-api-key",
    value: ddKey,
    why: "32-hex key, keyword-anchored",
  });

  // --- database and service URLs --------------------------------------------
  const urls: [string, string, string][] = [
    [
      "postgres",
      password(12),
      "postgres://orders_app:%s@db-primary.prod.internal:5432/orders?sslmode=require",
    ],
    ["mysql", password(10), "mysql://wp_user:%s@mysql.prod.acme.io:3306/wordpress"],
    [
      "mongodb+srv",
      pick(BASE62, 16),
      "mongodb+srv://analytics:%s@cluster0.ab1cd.mongodb.net/events?retryWrites=true",
    ],
    ["redis", pick(BASE62, 24), "redis://:%s@cache.prod.acme.io:6379/0"],
    ["amqp", password(14), "amqps://orders:%s@rabbit.prod.acme.io:5671/orders"],
  ];
  b.add("services/orders/.env", "PORT=8080");
  for (const [scheme, pw, tpl] of urls) {
    const name = scheme.replace(/\W/g, "_").toUpperCase();
    b.plant("services/orders/.env", `${name}_URL=${tpl.replace("%s", pw)}`, {
      kind: `db-url-${scheme}`,
      value: pw,
      why: `${scheme} URL with a password to a non-local host`,
    });
  }
  const basicPw = password(12);
  b.add("Makefile", "deploy:\n\tnpm run build")
    .plant(
      "Makefile",
      `\tgit push https://deploy-bot:${basicPw}@git.acme.io/web/site.git HEAD:main`,
      { kind: "basic-auth-url", value: basicPw, why: "basic auth in a git URL" },
    );

  // --- passwords in config formats -------------------------------------------
  const envPw = password(9);
  b.add("services/orders/.env", "DB_USER=orders")
    .plant("services/orders/.env", `DB_PASSWORD=${envPw}`, {
      kind: "password-dotenv",
      value: envPw,
      why: "9-char symbol-rich password in .env",
    });
  const smtpPw = pick("abcdefghijkmnpqrstuvwxyz", 4) + pick(DIGITS, 4);
  b.plant("services/orders/.env", `SMTP_PASSWORD="${smtpPw}"`, {
    kind: "password-dotenv-weak",
    value: smtpPw,
    why: "8-char low-entropy but real password",
  });
  const yamlPw = password(16);
  b.add(
    "ansible/group_vars/prod.yml",
    "ldap:\n  host: ldap.acme.io\n  bind_dn: cn=svc,dc=acme,dc=io",
  )
    .plant("ansible/group_vars/prod.yml", `  bind_password: "${yamlPw}"`, {
      kind: "password-yaml",
      value: yamlPw,
      why: "unencrypted vars file password",
    });
  const tfPw = password(18);
  const tfSecret = pick(URLSAFE, 40);
  b.add("infra/prod.tfvars", 'region = "eu-west-1"\ninstance_class = "db.r6g.large"')
    .plant("infra/prod.tfvars", `db_password = "${tfPw}"`, {
      kind: "password-tfvars",
      value: tfPw,
      why: "Terraform variable file",
    })
    .plant("infra/prod.tfvars", `datadog_app_key = "${tfSecret}"`, {
      kind: "secret-tfvars",
      value: tfSecret,
      why: "generic key assignment in tfvars",
    });
  const propPw = password(10);
  b.add(
    "src/main/resources/application-prod.properties",
    "spring.datasource.url=jdbc:mysql://mysql.prod.acme.io/shop\nspring.datasource.username=shop",
  )
    .plant(
      "src/main/resources/application-prod.properties",
      `spring.datasource.password=${propPw}`,
      { kind: "password-properties", value: propPw, why: "Java properties password" },
    );
  const mailPw = password(12);
  b.plant("src/main/resources/application-prod.properties", `spring.mail.password = ${mailPw}`, {
    kind: "password-properties",
    value: mailPw,
    why: "properties with spaces around =",
  });
  const wpPw = password(14);
  const wpSalt = pick(BASE62 + "!@#$%^&*()-_[]{}<>~`+=,.;:/?|", 64).replace(/'/g, "x");
  b.add(
    "public/wp-config.php",
    "<?php\ndefine( 'DB_NAME', 'wordpress' );\ndefine( 'DB_USER', 'wp_prod' );",
  )
    .plant("public/wp-config.php", `define( 'DB_PASSWORD', '${wpPw}' );`, {
      kind: "password-wp-config",
      value: wpPw,
      why: "WordPress DB password",
    })
    .add("public/wp-config.php", "define( 'DB_HOST', 'mysql.prod.acme.io' );")
    .plant("public/wp-config.php", `define( 'AUTH_KEY',         '${wpSalt}' );`, {
      kind: "wp-auth-salt",
      value: wpSalt,
      why: "WordPress auth salt: cookie forgery",
    });
  const exportPw = password(12);
  b.add("ops/bootstrap.sh", "#!/bin/bash")
    .plant("ops/bootstrap.sh", `export PGPASSWORD='${exportPw}'`, {
      kind: "password-shell-export",
      value: exportPw,
      why: "exported password in a shell script",
    })
    .add("ops/bootstrap.sh", 'psql -h db-primary.internal -U admin -c "select 1"');
  const mysqlCli = password(10);
  b.plant(
    "ops/bootstrap.sh",
    `mysql -h mysql.prod.acme.io -u root -p'${mysqlCli}' shop < dump.sql`,
    { kind: "password-cli-arg", value: mysqlCli, why: "password on a mysql command line" },
  );

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
  // --- placeholders --------------------------------------------------------
  const E = ".env.example";
  b.add(E, "# copy to .env and fill in");
  const placeholders: [string, string, string][] = [
    [
      "GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
      "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
      "placeholder-repeated-x",
    ],
    [
      "STRIPE_SECRET_KEY=sk_live_XXXXXXXXXXXXXXXXXXXXXXXX",
      "sk_live_XXXXXXXXXXXXXXXXXXXXXXXX",
      "placeholder-repeated-x",
    ],
    ["OPENAI_API_KEY=<your-openai-api-key>", "<your-openai-api-key>", "placeholder-angle"],
    ["DB_PASSWORD=changeme", "changeme", "placeholder-changeme"],
    ["SENDGRID_API_KEY=${SENDGRID_API_KEY}", "${SENDGRID_API_KEY}", "placeholder-env-reference"],
    [
      "AWS_SECRET_ACCESS_KEY=your_secret_access_key_here",
      "your_secret_access_key_here",
      "placeholder-words",
    ],
    ["SLACK_BOT_TOKEN=xoxb-your-token", "xoxb-your-token", "placeholder-prefix-only"],
    ["JWT_SECRET=", "JWT_SECRET=", "placeholder-empty"],
    ["REDIS_PASSWORD=********", "********", "placeholder-stars"],
  ];
  for (const [line, value, kind] of placeholders) {
    b.decoy(E, line, { kind, value, why: "template value, never a credential" });
  }
  b.add("deploy/helm/templates/secret.yaml", "apiVersion: v1\nkind: Secret\nstringData:")
    .decoy("deploy/helm/templates/secret.yaml", '  password: "{{ .Values.db.password }}"', {
      kind: "placeholder-template",
      value: "{{ .Values.db.password }}",
      why: "Helm template reference",
    })
    .decoy("deploy/helm/templates/secret.yaml", "  api_key: {{ secret }}", {
      kind: "placeholder-template",
      value: "{{ secret }}",
      why: "Jinja-style reference",
    });
  b.add("services/worker/config.py", "import os\n")
    .decoy("services/worker/config.py", 'API_KEY = os.getenv("ACME_API_KEY")', {
      kind: "reference-os-getenv",
      value: 'os.getenv("ACME_API_KEY")',
      why: "reads the environment",
    })
    .decoy("services/worker/config.py", "DB_PASSWORD = os.environ['DB_PASSWORD']", {
      kind: "reference-os-environ",
      value: "os.environ['DB_PASSWORD']",
      why: "reads the environment",
    })
    .decoy("services/worker/config.py", "password = get_secret('orders/db-password')", {
      kind: "reference-secret-manager",
      value: "get_secret('orders/db-password')",
      why: "fetched at run time",
    })
    .decoy("services/worker/config.py", "PASSWORD_MIN_LENGTH = 12", {
      kind: "keyword-not-secret",
      value: "12",
      why: "a setting, not a password",
    });
  b.add("apps/web/src/env.ts", "")
    .decoy("apps/web/src/env.ts", 'export const stripeKey = process.env.STRIPE_SECRET_KEY ?? "";', {
      kind: "reference-process-env",
      value: "process.env.STRIPE_SECRET_KEY",
      why: "reads the environment",
    })
    .decoy("apps/web/src/env.ts", 'const token = Deno.env.get("GITHUB_TOKEN");', {
      kind: "reference-deno-env",
      value: 'Deno.env.get("GITHUB_TOKEN")',
      why: "reads the environment",
    })
    .decoy("apps/web/src/env.ts", 'const password = form.get("password") as string;', {
      kind: "keyword-not-secret",
      value: 'form.get("password")',
      why: "form field name",
    })
    .decoy("apps/web/src/env.ts", 'export const PASSWORD_FIELD = "current-password";', {
      kind: "keyword-not-secret",
      value: "current-password",
      why: "autocomplete attribute value",
    });
  b.add("infra/main.tf", 'resource "aws_db_instance" "orders" {\n  engine   = "postgres"')
    .decoy("infra/main.tf", "  password = var.db_password", {
      kind: "reference-terraform-var",
      value: "var.db_password",
      why: "Terraform variable reference",
    })
    .decoy(
      "infra/main.tf",
      '  kms_key_id = "arn:aws:kms:eu-west-1:123456789012:key/' + uuid() + '"',
      { kind: "aws-arn", value: "arn:aws:kms", why: "resource identifier, not a secret" },
    )
    .add("infra/main.tf", "}");
  b.add(
    "deploy/k8s/deployment.yaml",
    "env:\n  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef:\n        name: orders-db",
  )
    .decoy("deploy/k8s/deployment.yaml", "        key: password", {
      kind: "reference-secret-key-ref",
      value: "key: password",
      why: "reference to a k8s Secret",
    });

  // --- documented examples ------------------------------------------------
  b.add("docs/aws.md", "# AWS setup\n\nThe AWS docs use this example pair:\n\n```ini")
    .decoy("docs/aws.md", "aws_access_key_id = AKIAIOSFODNN7EXAMPLE", {
      kind: "documented-example-aws",
      value: "AKIAIOSFODNN7EXAMPLE",
      why: "AWS's documented example key",
    })
    .decoy("docs/aws.md", "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", {
      kind: "documented-example-aws",
      value: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      why: "AWS's documented example secret",
    })
    .add("docs/aws.md", "```");
  const jwtIo =
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
  b.add("docs/auth.md", "Paste a token like the jwt.io example:\n")
    .decoy("docs/auth.md", `    Authorization: Bearer ${jwtIo}`, {
      kind: "documented-example-jwt",
      value: jwtIo,
      expect: "may-warn",
      why: "jwt.io's public example token (secret 'your-256-bit-secret')",
    });

  // --- public keys --------------------------------------------------------
  const pubPem = (generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey.export({
    type: "spki",
    format: "pem",
  }) as string).trim();
  b.decoy("config/jwt-public.pem", pubPem, {
    kind: "public-key-pem",
    value: pubPem,
    why: "public keys are meant to be shared",
  });
  const sshPub = `ssh-ed25519 ${b64(ed25519Parts().pubBlob)} alice@laptop`;
  const rsaPubBlob = concat(
    sshString("ssh-rsa"),
    sshString(new Uint8Array([1, 0, 1])),
    sshString(concat(new Uint8Array([0]), randomBytes(256))),
  );
  const sshRsa = `ssh-rsa ${b64(rsaPubBlob)} bob@ci`;
  b.decoy("deploy/authorized_keys", sshPub, {
    kind: "ssh-public-key",
    value: sshPub,
    why: "authorized_keys holds public keys",
  })
    .decoy("deploy/authorized_keys", sshRsa, {
      kind: "ssh-public-key",
      value: sshRsa,
      why: "authorized_keys holds public keys",
    });
  const hostKey = `github.com ssh-ed25519 ${b64(ed25519Parts().pubBlob)}`;
  b.decoy("deploy/known_hosts", hostKey, {
    kind: "ssh-known-host",
    value: hostKey.split(" ")[2],
    why: "host public key",
  });

  // --- hashes and integrity ----------------------------------------------
  const integrity = "sha512-" + b64(randomBytes(64));
  b.add(
    "package-lock.json",
    '{\n  "name": "web",\n  "lockfileVersion": 3,\n  "packages": {\n    "node_modules/left-pad": {\n      "version": "1.3.0",\n      "resolved": "https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz",',
  )
    .decoy("package-lock.json", `      "integrity": "${integrity}"`, {
      kind: "npm-integrity",
      value: integrity,
      why: "content hash in a lockfile",
    })
    .add("package-lock.json", "    }\n  }\n}");
  const yarnSum = pick(HEX, 40);
  b.add("yarn.lock", 'left-pad@^1.3.0:\n  version "1.3.0"')
    .decoy(
      "yarn.lock",
      `  resolved "https://registry.yarnpkg.com/left-pad/-/left-pad-1.3.0.tgz#${yarnSum}"`,
      { kind: "yarn-sha1", value: yarnSum, why: "tarball hash" },
    )
    .decoy("yarn.lock", `  integrity sha512-${b64(randomBytes(64))}`, {
      kind: "npm-integrity",
      value: "integrity sha512-",
      why: "content hash",
    });
  const goSum = `golang.org/x/crypto v0.28.0 h1:${b64(randomBytes(32))}`;
  b.decoy("go.sum", goSum, { kind: "go-sum", value: goSum, why: "module hash" })
    .decoy("go.sum", `golang.org/x/crypto v0.28.0/go.mod h1:${b64(randomBytes(32))}`, {
      kind: "go-sum",
      value: "go.mod h1:",
      why: "module hash",
    });
  const cargo = pick(HEX, 64);
  b.add(
    "Cargo.lock",
    '[[package]]\nname = "serde"\nversion = "1.0.210"\nsource = "registry+https://github.com/rust-lang/crates.io-index"',
  )
    .decoy("Cargo.lock", `checksum = "${cargo}"`, {
      kind: "sha256-hex",
      value: cargo,
      why: "crate checksum",
    });
  const sha = createHash("sha256").update(randomBytes(16)).digest("hex");
  b.add("dist/SHA256SUMS", "")
    .decoy("dist/SHA256SUMS", `${sha}  acme-cli-linux-x64.tar.gz`, {
      kind: "sha256-hex",
      value: sha,
      why: "release checksum",
    });
  const gitSha = pick(HEX, 40);
  b.add("CHANGELOG.md", "## 2.4.0\n")
    .decoy("CHANGELOG.md", `- Fix retry storm (${gitSha})`, {
      kind: "git-sha",
      value: gitSha,
      why: "commit id",
    });
  const digest = "sha256:" + pick(HEX, 64);
  b.decoy("deploy/k8s/deployment.yaml", `image: registry.acme.io/orders@${digest}`, {
    kind: "docker-digest",
    value: digest,
    why: "image digest",
  });
  const bcrypt = "$2b$12$" + pick(BASE62 + "./", 53);
  b.add("tests/fixtures/users.json", '[\n  {\n    "email": "test-user@example.com",')
    .decoy("tests/fixtures/users.json", `    "password_hash": "${bcrypt}"`, {
      kind: "bcrypt-hash-test",
      value: bcrypt,
      expect: "may-warn",
      why: "bcrypt hash in a test fixture (a hash, not a password)",
    })
    .add("tests/fixtures/users.json", "  }\n]");
  const sri = "sha384-" + b64(randomBytes(48));
  b.add("public/index.html", "<!doctype html>\n<html><head>")
    .decoy(
      "public/index.html",
      `<script src="https://cdn.jsdelivr.net/npm/bootstrap@5.3.3/dist/js/bootstrap.min.js" integrity="${sri}" crossorigin="anonymous"></script>`,
      { kind: "sri-hash", value: sri, why: "subresource integrity" },
    );

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

  // ---------------------------------------------------------------- encode
  const files = new Map<string, Uint8Array>();
  for (const [file, lines] of b.text) {
    const text = lines.join("\n") + "\n";
    const encoding = b.encodings.get(file);
    if (encoding === "utf16le") {
      const body = Buffer.from(text.replace(/\n/g, "\r\n"), "utf16le");
      files.set(file, new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), body])));
    } else files.set(file, new TextEncoder().encode(text));
  }
  return { files, items: b.items };
}

/** Ground truth as written to disk: everything but the values. */
export function groundTruth(corpus: HoldoutCorpus) {
  return {
    generator: "scripts/generate_secret_holdout.ts",
    planted: corpus.items.filter((i) => i.truth === "planted").length,
    decoys: corpus.items.filter((i) => i.truth === "decoy").length,
    items: corpus.items.map(({ value: _value, ...rest }) => rest),
  };
}

export async function writeHoldout(outDir: string): Promise<HoldoutCorpus> {
  const corpus = generateHoldout();
  for (const [file, bytes] of corpus.files) {
    const path = join(outDir, "corpus", file);
    await Deno.mkdir(join(path, ".."), { recursive: true });
    await Deno.writeFile(path, bytes);
  }
  await Deno.writeTextFile(
    join(outDir, "ground_truth.json"),
    JSON.stringify(groundTruth(corpus), null, 2) + "\n",
  );
  return corpus;
}

if (import.meta.main) {
  const outDir = Deno.args[0] ?? await Deno.makeTempDir({ prefix: "secret-holdout-" });
  const corpus = await writeHoldout(outDir);
  const truth = groundTruth(corpus);
  console.log(
    `${outDir}: ${corpus.files.size} files, ${truth.planted} planted, ${truth.decoys} decoys`,
  );
}
