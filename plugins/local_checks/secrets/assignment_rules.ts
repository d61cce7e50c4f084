/**
 * The rules that go by what a value is assigned to rather than by its shape:
 * passwords and secrets in configuration files (`.env`, YAML, properties,
 * INI, TOML, JSON, Terraform, Django settings), short and symbol-rich ones
 * included; quoted literals in code named like secrets; Django's
 * `SECRET_KEY`. References, placeholders and development defaults are not
 * secrets (`value_filters.ts`).
 * @module
 */

import { shannonEntropy } from "../../../core/secrets/entropy.ts";
import type { HitSet } from "./hit.ts";
import { decodeBase64 } from "../../../core/secrets/token_shapes/checksums.ts";
import { isPublicByDesign, isPublicName, notAPassword } from "./value_filters.ts";

/** Files whose assignments are configuration (values are literals, not code). */
export const CONFIG_FILE =
  /(?:^|\/)(?:\.env(?:\.[\w.-]+)?|[^/]*\.(?:env|ya?ml|properties|ini|cfg|conf|cnf|toml|json|jsonc|tf|tfvars|hcl|xml|npmrc|pypirc|gradle)|\.npmrc|\.pypirc|[._]?netrc|\.pgpass|[^/]*\.(?:sh|bash|zsh|ksh|config)|Dockerfile[^/]*|Containerfile|Makefile|[^/]*settings[^/]*\.py|config\.py|docker-compose[^/]*)$/i;

/** Files whose assignments are code (a quoted literal is a literal; anything else is a reference). */
const CODE_FILE =
  /\.(?:[cm]?[jt]sx?|py|rb|php|go|java|kt|kts|scala|cs|rs|swift|ps1|groovy|dart|lua|pl|r|ex|exs|c|cc|cpp|h|hpp|m|vb|fs)$/i;

/** Translation catalogues: their values are words shown to people. */
const TRANSLATIONS =
  /(?:^|\/)(?:i18n|l10n|locales?|lang|langs|translations?|messages)\/|\.(?:po|pot|xliff|xlf|strings|resx)$/i;

/** Name endings that say a value is a password or secret. */
const SECRET_NAME_END =
  /(?:passw(?:or)?d|pass|pwd|passphrase|secret|token|api[_.-]?key|apikey|secret[_.-]?key|access[_.-]?key|private[_.-]?key|client[_.-]?secret|credentials?|signing[_.-]?key|encryption[_.-]?key|master[_.-]?key|auth[_.-]?key|secret[_.-]?access[_.-]?key)$/i;

/** Names that end like a secret name but hold something else. */
const NOT_SECRET_NAME =
  /(?:bypass|compass|by_pass|public[_.-]?key|publishable[_.-]?key|site[_.-]?key|csrf[_.-]?token|token[_.-]?type)$/i;

/**
 * `name <op> value` on one line: an optional quote around the name, `=`,
 * `:` or `=>`, then a double-quoted, single-quoted or bare value. Groups:
 * 1 name, 2 double-quoted, 3 single-quoted, 4 bare.
 */
const ASSIGNMENT =
  /(?<![\w.-])["']?([A-Za-z_][\w.-]{0,80})["']?[ \t]*(?:=>|:=|=|:(?!:))[ \t]*(?:"((?:[^"\\\n]|\\.){1,300})"|'([^'\n]{1,300})'|([^\s"'`][^\s]{0,300}))/g;

/** `<password>value</password>` in XML configuration. */
const XML_ELEMENT = /<([\w.-]*(?:password|secret|token|apikey|api-key))>([^<\n]{1,200})<\/\1>/gi;
/** `<add key="Password" value="…"/>` (.NET and NuGet configuration). */
const XML_KEY_VALUE =
  /<add\s+key="([^"]*(?:password|secret|token|apikey|api-key)[^"]*)"\s+value="([^"\n]{1,200})"/gi;
/** `machine host login user password secret` in a .netrc. */
const NETRC_PASSWORD = /\bpassword[ \t]+(\S{1,200})/g;

/** Options of {@linkcode assignmentHits}. */
export interface AssignmentOptions {
  path: string;
  /** A test, fixture, example or documentation file: findings are warnings. */
  lenient: boolean;
}

/**
 * Secret-named assignments: every literal value in configuration files, and
 * in code only quoted values of eight characters or more mixing three
 * character classes.
 */
export function assignmentHits(text: string, hits: HitSet, options: AssignmentOptions): void {
  if (TRANSLATIONS.test(options.path)) return; // "password": "Password" is a label
  const config = CONFIG_FILE.test(options.path);
  const code = !config && CODE_FILE.test(options.path);
  if (!config && !code) return;
  const severity = options.lenient ? "warning" : "error";
  for (const match of text.matchAll(ASSIGNMENT)) {
    const name = match[1];
    const quoted = match[2] ?? match[3];
    if (!SECRET_NAME_END.test(name) || NOT_SECRET_NAME.test(name) || isPublicName(name)) continue;
    if (code && quoted === undefined) continue;
    let value = quoted ?? match[4].replace(/[,;]+$/, "");
    if (
      quoted === undefined && /\.(?:ya?ml|properties|ini|cfg|conf|env)$|\.env/.test(options.path)
    ) {
      value = value.replace(/[ \t]+#.*$/, "");
    }
    if (!isPassword(value, name, code)) continue;
    const start = match.index + match[0].lastIndexOf(value);
    const django = /SECRET_KEY$/.test(name) && /\.py$/.test(options.path);
    hits.add({
      start,
      end: start + value.length,
      value,
      rule: django ? "django-secret-key" : code ? "hardcoded-password" : "config-password",
      label: django ? "Django SECRET_KEY" : `password or secret assigned to "${name}"`,
      severity,
    });
  }
  if (!config) return;
  const extra = [...text.matchAll(XML_ELEMENT), ...text.matchAll(XML_KEY_VALUE)];
  if (/(?:^|\/)[._]?netrc$/.test(options.path)) extra.push(...text.matchAll(NETRC_PASSWORD));
  for (const match of extra) {
    const name = match.length > 2 ? match[1] : "password";
    const value = (match.length > 2 ? match[2] : match[1]).trim();
    if (!isPassword(value, name, false)) continue;
    const start = match.index + match[0].lastIndexOf(value);
    hits.add({
      start,
      end: start + value.length,
      value,
      rule: "config-password",
      label: `password or secret in "${name}"`,
      severity,
    });
  }
}

/** The text a base64 value encodes (a Kubernetes Secret's `data:`), or `undefined`. */
function base64Text(value: string): string | undefined {
  if (value.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return undefined;
  const bytes = decodeBase64(value);
  if (!bytes || bytes.some((byte) => byte < 0x20 || byte > 0x7e)) return undefined;
  return new TextDecoder().decode(bytes);
}

/**
 * True when `value`, assigned to `name`, may be a password: not a reference,
 * placeholder or development default, and (in code) long and mixed enough.
 */
export function isPassword(value: string, name: string, code: boolean): boolean {
  if (value.length > 300 || value.length < 4) return false;
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((c) => c.test(value)).length;
  if (value.length < 6 && (code || classes < 3)) return false; // "P@s5" yes, "admin" no
  if (notAPassword(value) !== undefined || isPublicByDesign(value, name)) return false;
  const decoded = base64Text(value);
  if (decoded !== undefined && notAPassword(decoded) !== undefined) return false;
  if (/\s/.test(value) && !/^[\x21-\x7e ]+$/.test(value)) return false;
  if (/ /.test(value) && /^[A-Za-z ,.;:'!?()-]+$/.test(value)) return false; // prose, not a password
  if (!code) return shannonEntropy(value) >= 2;
  return value.length >= 8 && classes >= 3 && (classes === 4 || value.length >= 10);
}
