/**
 * Encrypted envelopes: text that holds a secret only in encrypted form and
 * is the right way to commit one. SOPS values (`ENC[AES256_GCM,data:…,iv:…,
 * tag:…,type:str]`), Ansible Vault bodies (`$ANSIBLE_VAULT;1.1;AES256` and
 * the hex lines under it), Bitnami sealed secrets (`AgB…` ciphertexts under
 * `encryptedData:`), age and PGP armored messages, Jasypt `ENC(…)` and Vault
 * transit `vault:v1:…` ciphertexts. The scan marks these spans as not
 * secrets before any rule runs, so `data:`/`iv:`/`tag:` inside a SOPS value
 * are not read as three assignments.
 * @module
 */

/** A span of text, as character offsets. */
export interface Span {
  start: number;
  end: number;
}

/** Cheap test: a text without one of these holds no envelope. */
const MARKERS =
  /ENC\[|ENC\(|\$ANSIBLE_VAULT;|encryptedData|SealedSecret|-----BEGIN (?:AGE ENCRYPTED FILE|PGP MESSAGE)-----|vault:v\d+:/;

const SOPS_VALUE = /ENC\[[A-Z0-9_]{2,20},data:[^\]\n]{0,20000}\]/g;
const JASYPT_VALUE = /ENC\([A-Za-z0-9+/=]{8,4000}\)/g;
const VAULT_TRANSIT = /vault:v\d+:[A-Za-z0-9+/=]{16,8000}/g;
/** The header, then the hex lines of the body (indented in YAML, `|` blocks). */
const ANSIBLE_VAULT =
  /\$ANSIBLE_VAULT;\d+\.\d+;[A-Z0-9]+(?:;[\w-]+)?(?:\r?\n[ \t]*[0-9a-f]{2,80}[ \t]*)*/g;
const ARMOR = /-----BEGIN (AGE ENCRYPTED FILE|PGP MESSAGE)-----[\s\S]{0,200000}?-----END \1-----/g;
/** A sealed-secrets ciphertext: base64 of a version byte 2 and a long body. */
const SEALED_VALUE = /(?<![A-Za-z0-9+/])Ag[A-Za-z0-9+/]{200,20000}={0,2}/g;

/**
 * The encrypted envelopes in `text`.
 *
 * @example
 * ```ts
 * encryptedSpans("password: ENC[AES256_GCM,data:Zm9v,iv:YmFy,tag:YmF6,type:str]");
 * // [{ start: 10, end: 63 }]
 * ```
 */
export function encryptedSpans(text: string): Span[] {
  if (!MARKERS.test(text)) return [];
  const spans: Span[] = [];
  const add = (regex: RegExp) => {
    for (const match of text.matchAll(regex)) {
      spans.push({ start: match.index, end: match.index + match[0].length });
    }
  };
  if (text.includes("ENC[")) add(SOPS_VALUE);
  if (text.includes("ENC(")) add(JASYPT_VALUE);
  if (text.includes("vault:v")) add(VAULT_TRANSIT);
  if (text.includes("$ANSIBLE_VAULT;")) add(ANSIBLE_VAULT);
  if (text.includes("-----BEGIN ")) add(ARMOR);
  if (/encryptedData|SealedSecret/.test(text)) add(SEALED_VALUE);
  return spans;
}
