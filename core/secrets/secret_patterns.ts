/**
 * The secret rules, as data, in one place: the known token formats (one
 * entry per format with its rule id, a global regular expression whose
 * group 1 is the secret, a severity, a pre-filter, and an optional validator
 * that rejects look-alikes: documentation keys, JWT-shaped strings that do
 * not decode, key headers without a key body), the AWS secret key that goes
 * with an access key id, and the names that mark a value as secret. The
 * secret scan check (plugins/local_checks) reports them; the redaction of
 * every event (`redact.ts`) hides them.
 * @module
 */

import { shannonEntropy } from "./entropy.ts";

/** How serious a leaked secret of a format is (a subset of the checks' severities). */
export type SecretSeverity = "error" | "warning";

/** One known secret format. */
export interface SecretPattern {
  rule: string;
  /** What it is, for the message ("GitHub token"). */
  label: string;
  /** Global; group 1 is the secret. */
  regex: RegExp;
  severity: SecretSeverity;
  /**
   * A cheap test for a substring every match contains (case-insensitive):
   * text in which no pre-filter matches cannot hold a secret of a known
   * format and is skipped without running the full rules.
   */
  prefilter: RegExp;
  /** Rejects a match that only looks like a secret; `text`/`end` give the surroundings. */
  validate?: (secret: string, text: string, end: number) => boolean;
}

/** Decodes one base64url segment to a JSON object, or `undefined`. */
function decodeJsonSegment(segment: string): Record<string, unknown> | undefined {
  try {
    const base64 = segment.replace(/-/g, "+").replace(/_/g, "/");
    const json = JSON.parse(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, "=")));
    return json !== null && typeof json === "object" && !Array.isArray(json) ? json : undefined;
  } catch {
    return undefined; // not base64url JSON: not a JWT
  }
}

/** A JWT only when header and payload decode to JSON objects and the header names `alg`. */
function isJwt(token: string): boolean {
  const [header, payload, signature] = token.split(".");
  if (signature === undefined || !/^[A-Za-z0-9_-]+$/.test(signature)) return false;
  const decodedHeader = decodeJsonSegment(header);
  return decodedHeader !== undefined && typeof decodedHeader.alg === "string" &&
    decodeJsonSegment(payload) !== undefined;
}

/** A private key header counts only when a key body follows it (not a string mentioning it). */
function hasKeyBody(_secret: string, text: string, end: number): boolean {
  let body = "";
  for (const raw of text.slice(end, end + 600).split(/\\n|\r?\n/)) {
    const line = raw.trim().replace(/^["'`+]+|["'`+,;]+$/g, "").trim();
    if (line === "" || line.includes(":")) continue; // blank or a header such as Proc-Type
    if (line.startsWith("-----END")) break;
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(line)) return false;
    body += line;
    if (body.length >= 40) return true;
  }
  return false;
}

const PLACEHOLDER_PASSWORD = /^(?:\$\{?|<|\{\{|%|x+$|\*+$|pass(?:word)?$|secret$|changeme$|user$)/i;

/** Every known format, most specific first (a span matched early is not reported again). */
export const SECRET_PATTERNS: readonly SecretPattern[] = [
  {
    rule: "private-key",
    label: "private key block",
    regex: /-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?)-----/g,
    severity: "error",
    prefilter: /private key/i,
    validate: hasKeyBody,
  },
  {
    rule: "aws-access-key-id",
    label: "AWS access key id",
    regex: /\b((?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})\b/g,
    severity: "error",
    prefilter: /a(?:ki|si|bi|cc)a/i,
    validate: (secret) => !secret.endsWith("EXAMPLE"),
  },
  {
    rule: "github-token",
    label: "GitHub token",
    regex: /\b(gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b/g,
    severity: "error",
    prefilter: /gh[pousr]_|github_pat_/i,
  },
  {
    rule: "gitlab-token",
    label: "GitLab token",
    regex: /\b(gl(?:pat|ptt|dt|rt|soat|ft|imt|cbt|oas)-[A-Za-z0-9_-]{20,})/g,
    severity: "error",
    prefilter: /gl(?:pat|ptt|dt|rt|soat|ft|imt|cbt|oas)-/i,
  },
  {
    rule: "slack-token",
    label: "Slack token",
    regex: /\b(xox[abposr]-[A-Za-z0-9-]{10,})/g,
    severity: "error",
    prefilter: /xox[abposr]-/i,
  },
  {
    rule: "slack-webhook",
    label: "Slack webhook URL",
    regex: /(https:\/\/hooks\.slack\.com\/(?:services|workflows)\/[A-Za-z0-9+/_-]{20,})/g,
    severity: "error",
    prefilter: /hooks\.slack\.com/i,
  },
  {
    rule: "stripe-live-key",
    label: "Stripe live key",
    regex: /\b((?:sk|rk)_live_[A-Za-z0-9]{20,})\b/g,
    severity: "error",
    prefilter: /[sr]k_live_/i,
  },
  {
    rule: "stripe-test-key",
    label: "Stripe test key",
    regex: /\b((?:sk|rk)_test_[A-Za-z0-9]{20,})\b/g,
    severity: "warning",
    prefilter: /[sr]k_test_/i,
  },
  {
    rule: "anthropic-api-key",
    label: "Anthropic API key",
    regex: /\b(sk-ant-[A-Za-z0-9_-]{32,})/g,
    severity: "error",
    prefilter: /\bsk-ant-/i,
  },
  {
    rule: "openai-api-key",
    label: "OpenAI API key",
    regex:
      /\b(sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,}|sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20})/g,
    severity: "error",
    prefilter: /\bsk-/i,
  },
  {
    rule: "google-api-key",
    label: "Google API key",
    regex: /\b(AIza[0-9A-Za-z_-]{35})\b/g,
    severity: "error",
    prefilter: /aiza/i,
  },
  {
    rule: "npm-token",
    label: "npm access token",
    regex: /\b(npm_[A-Za-z0-9]{36})\b/g,
    severity: "error",
    prefilter: /\bnpm_/i,
  },
  {
    rule: "jwt",
    label: "JSON Web Token",
    regex: /\b(eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,})/g,
    severity: "error",
    prefilter: /\beyj/i,
    validate: isJwt,
  },
  {
    rule: "credentials-in-url",
    label: "password in a URL",
    regex:
      /\b(?:https?|postgres(?:ql)?|mysql|mongodb(?:\+srv)?|redis|amqps?|ftp):\/\/[^\s:/@"'`]+:([^\s:/@"'`]{3,})@/g,
    severity: "error",
    prefilter: /:\/\/[^\s/@]+@/i,
    validate: (secret) => !PLACEHOLDER_PASSWORD.test(secret),
  },
];

/**
 * A 40-character AWS secret access key (group 1). It has no prefix of its
 * own, so it counts only near an AWS access key id and when it looks random
 * (see {@linkcode looksLikeAwsSecretKey}).
 */
export const AWS_SECRET_KEY = /(?<![A-Za-z0-9/+])([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/g;

/** True when a 40-character candidate looks like a random AWS secret key, not a word or digest. */
export function looksLikeAwsSecretKey(value: string): boolean {
  return /[A-Z]/.test(value) && /[a-z]/.test(value) && /\d/.test(value) &&
    shannonEntropy(value) >= 4;
}

/**
 * Name endings that mark an assigned value as a secret (`DB_PASSWORD`,
 * `apiKey`, `client_secret`, `GITHUB_TOKEN`): `token_count` or
 * `max_tokens` do not end with one. Not `pwd`: `PWD` is the shell's
 * working directory.
 */
const SECRET_NAME_ENDINGS = String.raw`passw(?:or)?d|passphrase|secret|token|api[_-]?key|apikey|` +
  String
    .raw`private[_-]?key|access[_-]?key|secret[_-]?key|credentials?|session[_-]?key|signing[_-]?key`;

/** A JSON member or variable name whose value is a secret (`authorization` included). */
export const SECRET_NAME = new RegExp(`(?:${SECRET_NAME_ENDINGS}|authorization)$`, "i");

/**
 * An assignment to a secret-named variable or member, in `.env`, shell,
 * YAML, JSON (also with escaped quotes), URL queries and command-line
 * flags. Groups: 1 the quote closing the name, 2 the operator, 3 an auth
 * scheme (`Bearer `), 4 the value's quote, 5 a quoted value, 6 an unquoted
 * value. The name is only checked to end there, so `token_count: 12` does
 * not match.
 */
export const SECRET_ASSIGNMENT = new RegExp(
  `(?:${SECRET_NAME_ENDINGS})(\\\\?["']?)[ \\t]*(=>|:=|=|:)[ \\t]*` +
    String.raw`((?:bearer|basic|token|bot)[ \t]+)?` +
    String.raw`(?:(\\?["'${"`"}])((?:(?!\4)[^\n]){1,512})\4|([^\s"'${"`"},;&|)}\]<>\\]{1,512}))`,
  "gi",
);

/**
 * An HTTP `Authorization` (or `Proxy-Authorization`) header, as a header
 * line, a `curl -H` argument or a JSON member. Groups: 1 to 4 the context
 * (name, quotes, scheme), 5 the credentials.
 */
export const AUTHORIZATION_HEADER =
  /\b((?:proxy-)?authorization)(\\?["']?)[ \t]*[:=][ \t]*(\\?["']?)((?:bearer|basic|token|bot|digest|negotiate)[ \t]+)?([A-Za-z0-9._~+/-]+=*)/gi;

/** A bearer token anywhere (`X-Token: Bearer …`); group 2 is the token. */
export const BEARER_TOKEN = /\b(bearer)[ \t]+([A-Za-z0-9._~+/-]{16,}=*)/gi;

/** The pre-filter of the rules that go by context (names, headers) rather than a token's shape. */
export const CONTEXT_PREFILTER = new RegExp(`${SECRET_NAME_ENDINGS}|authorization|bearer`, "i");
