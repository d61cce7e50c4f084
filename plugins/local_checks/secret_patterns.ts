/**
 * The known secret formats the secret scan looks for, as data: one entry per
 * token format with its rule id, a global regular expression whose group 1 is
 * the secret, a severity, and an optional validator that rejects look-alikes
 * (documentation keys, JWT-shaped strings that do not decode, key headers
 * without a key body).
 * @module
 */

import type { Severity } from "./types.ts";

/** One known secret format. */
export interface SecretPattern {
  rule: string;
  /** What it is, for the message ("GitHub token"). */
  label: string;
  /** Global; group 1 is the secret. */
  regex: RegExp;
  severity: Severity;
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
    validate: hasKeyBody,
  },
  {
    rule: "aws-access-key-id",
    label: "AWS access key id",
    regex: /\b((?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})\b/g,
    severity: "error",
    validate: (secret) => !secret.endsWith("EXAMPLE"),
  },
  {
    rule: "github-token",
    label: "GitHub token",
    regex: /\b(gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b/g,
    severity: "error",
  },
  {
    rule: "gitlab-token",
    label: "GitLab token",
    regex: /\b(gl(?:pat|ptt|dt|rt|soat|ft|imt|cbt|oas)-[A-Za-z0-9_-]{20,})/g,
    severity: "error",
  },
  {
    rule: "slack-token",
    label: "Slack token",
    regex: /\b(xox[abposr]-[A-Za-z0-9-]{10,})/g,
    severity: "error",
  },
  {
    rule: "slack-webhook",
    label: "Slack webhook URL",
    regex: /(https:\/\/hooks\.slack\.com\/(?:services|workflows)\/[A-Za-z0-9+/_-]{20,})/g,
    severity: "error",
  },
  {
    rule: "stripe-live-key",
    label: "Stripe live key",
    regex: /\b((?:sk|rk)_live_[A-Za-z0-9]{20,})\b/g,
    severity: "error",
  },
  {
    rule: "stripe-test-key",
    label: "Stripe test key",
    regex: /\b((?:sk|rk)_test_[A-Za-z0-9]{20,})\b/g,
    severity: "warning",
  },
  {
    rule: "anthropic-api-key",
    label: "Anthropic API key",
    regex: /\b(sk-ant-[A-Za-z0-9_-]{32,})/g,
    severity: "error",
  },
  {
    rule: "openai-api-key",
    label: "OpenAI API key",
    regex:
      /\b(sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,}|sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20})/g,
    severity: "error",
  },
  {
    rule: "google-api-key",
    label: "Google API key",
    regex: /\b(AIza[0-9A-Za-z_-]{35})\b/g,
    severity: "error",
  },
  {
    rule: "npm-token",
    label: "npm access token",
    regex: /\b(npm_[A-Za-z0-9]{36})\b/g,
    severity: "error",
  },
  {
    rule: "jwt",
    label: "JSON Web Token",
    regex: /\b(eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,})/g,
    severity: "error",
    validate: isJwt,
  },
  {
    rule: "credentials-in-url",
    label: "password in a URL",
    regex:
      /\b(?:https?|postgres(?:ql)?|mysql|mongodb(?:\+srv)?|redis|amqps?|ftp):\/\/[^\s:/@"'`]+:([^\s:/@"'`]{3,})@/g,
    severity: "error",
    validate: (secret) => !PLACEHOLDER_PASSWORD.test(secret),
  },
];
