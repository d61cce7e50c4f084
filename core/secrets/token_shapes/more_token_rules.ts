/**
 * Token rules beyond gitleaks' default set: newer provider formats with a
 * prefix of their own (AI APIs, developer platforms, CI, tunnels) and
 * encodings that hide a known secret (a base64 private key as Kubernetes
 * and kubeconfig files store it, the legacy Vault token). Same builders
 * and checks as `token_rules.ts`.
 * @module
 */

import { decodeBase64 } from "./checksums.ts";
import { type SecretRule, tokenRule, type Verdict } from "./rule.ts";
import { hasKeyBody } from "./token_checks.ts";

const b62 = "[A-Za-z0-9]";
const hex = "[a-f0-9]";

/** A base64 PEM private key (`client-key-data:`, a Secret's `tls.key:`) that decodes to one with a body. */
function isEncodedPrivateKey(token: string): "secret" | "not-secret" {
  const bytes = decodeBase64(token.slice(0, token.length - (token.length % 4)));
  const text = bytes ? new TextDecoder().decode(bytes) : "";
  const header = /-----BEGIN[ A-Z0-9_-]{0,60}PRIVATE KEY(?: BLOCK)?-----/.exec(text);
  return header && hasKeyBody(text, header.index + header[0].length) ? "secret" : "not-secret";
}

/** A PuTTY key file counts when its private lines follow (not a line that only names the format). */
function hasPuttyPrivateLines(_token: string, text: string, end: number): Verdict {
  const rest = text.slice(end, end + 4000);
  if (!/Private-Lines:[ \t]*\d+\r?\n[ \t]*[A-Za-z0-9+/]{20,}/.test(rest)) return "not-secret";
  // A passphrase-protected key is still worth a warning, not a block.
  const encryption = /^Encryption:[ \t]*(\S+)/m.exec(rest)?.[1];
  return encryption === undefined || encryption === "none" ? "secret" : "doubtful";
}

/** Mixed case and a digit: the legacy Vault token's 24 characters are random. */
const mixed = (token: string) =>
  /[a-z]/.test(token) && /[A-Z]/.test(token) && /\d/.test(token) ? "secret" : "not-secret";

/** Token rules for formats newer than (or encodings not in) gitleaks' defaults. */
export const MORE_TOKEN_RULES: readonly SecretRule[] = [
  {
    id: "putty-private-key",
    label: "PuTTY private key",
    regex: /PuTTY-User-Key-File-[23]:[ \t]*[\w.@-]+/g,
    keywords: ["putty-user-key-file"],
    severity: "error",
    check: hasPuttyPrivateLines,
  },
  tokenRule(
    "private-key-base64",
    "base64-encoded private key",
    String.raw`LS0tLS1CRUdJTi[A-Za-z0-9+/]{80,}={0,2}`,
    ["ls0tls1crudjti"],
    {
      check: isEncodedPrivateKey,
    },
  ),
  tokenRule("vault-token-legacy", "HashiCorp Vault token (legacy)", `s\\.${b62}{24}`, ["s."], {
    minEntropy: 3.5,
    check: mixed,
  }),
  tokenRule(
    "mapbox-secret-token",
    "Mapbox secret token",
    String.raw`sk\.eyJ[\w-]{20,}\.[\w-]{20,}`,
    ["sk.eyj"],
  ),
  tokenRule("atlassian-api-token-v2", "Atlassian API token", String.raw`ATATT3[\w=-]{186}`, [
    "atatt3",
  ]),
  tokenRule("airtable-pat", "Airtable personal access token", `pat${b62}{14}\\.${hex}{64}`, [
    "pat",
  ]),
  tokenRule(
    "braintree-token",
    "Braintree access token",
    `access_token\\$production\\$[a-z0-9]{16}\\$${hex}{32}`,
    ["access_token$production$"],
  ),
  tokenRule("stripe-webhook-secret", "Stripe webhook signing secret", `whsec_${b62}{32,}`, [
    "whsec_",
  ]),
  tokenRule(
    "firebase-cloud-messaging-key",
    "Firebase Cloud Messaging server key",
    String.raw`AAAA[\w-]{7}:APA91b[\w-]{134}`,
    ["apa91b"],
  ),
  tokenRule("nuget-api-key", "NuGet API key", "oy2[a-z2-7]{43}", ["oy2"], { minEntropy: 3.5 }),
  tokenRule("groq-api-key", "Groq API key", `gsk_${b62}{52}`, ["gsk_"]),
  tokenRule("xai-api-key", "xAI API key", `xai-${b62}{80}`, ["xai-"]),
  tokenRule("replicate-api-token", "Replicate API token", `r8_${b62}{37}`, ["r8_"]),
  tokenRule("openrouter-api-key", "OpenRouter API key", `sk-or-v1-${hex}{64}`, ["sk-or-v1-"]),
  tokenRule("langsmith-api-key", "LangSmith API key", `lsv2_(?:pt|sk)_${hex}{32}_${hex}{10}`, [
    "lsv2_",
  ]),
  tokenRule("pinecone-api-key", "Pinecone API key", String.raw`pcsk_[\w]{50,}`, ["pcsk_"]),
  tokenRule("netlify-pat", "Netlify personal access token", `nfp_${b62}{36,40}`, ["nfp_"]),
  tokenRule("render-api-key", "Render API key", `rnd_${b62}{32}`, ["rnd_"]),
  tokenRule("docker-hub-pat", "Docker Hub access token", String.raw`dckr_pat_[\w-]{27}`, [
    "dckr_pat_",
  ]),
  tokenRule("circleci-token", "CircleCI token", `CCIPAT_${b62}{22}_${hex}{40}`, ["ccipat_"]),
  tokenRule("buildkite-token", "Buildkite token", `bkua_${hex}{40}`, ["bkua_"]),
  tokenRule("figma-token", "Figma token", String.raw`figd_[\w-]{40}`, ["figd_"]),
  tokenRule(
    "tailscale-key",
    "Tailscale key",
    String.raw`tskey-(?:auth|api|client|webhook)-[\w-]{20,}`,
    ["tskey-"],
  ),
  tokenRule(
    "sentry-dsn-secret",
    "Sentry DSN with a secret key",
    `https://${hex}{32}:${hex}{32}@[\\w.-]+/\\d+`,
    ["sentry"],
  ),
];
