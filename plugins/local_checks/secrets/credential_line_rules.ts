/**
 * Credentials in formats that are not `name = value` assignments: a
 * `.pgpass` line (`host:port:db:user:password`), a Docker `config.json`
 * registry `auth` (base64 of `user:password`), a PHP `define('DB_PASSWORD',
 * '…')` and WordPress's salts, and passwords on command lines (`mysql
 * -p'…'`, `--password=…`, `PGPASSWORD=… psql`, `sshpass -p …`).
 * References, placeholders and documented local defaults are not secrets.
 * @module
 */

import { decodeBase64 } from "../../../core/secrets/token_shapes/checksums.ts";
import type { HitSet } from "./hit.ts";
import { isLocalDevDefault, notAPassword } from "./value_filters.ts";

/** Decides whether a value assigned to `name` is a password (from `assignment_rules.ts`). */
export type PasswordTest = (value: string, name: string, code: boolean) => boolean;

function severityOf(lenient: boolean) {
  return lenient ? "warning" as const : "error" as const;
}

/** A libpq password file: `.pgpass`, or `pgpass.conf` on Windows. */
const PGPASS_FILE = /(?:^|\/)(?:\.pgpass|pgpass\.conf)$/i;
/** `host:port:database:user:password`, `\:` escaping a colon inside a field. */
const PGPASS_LINE =
  /^((?:[^:\\\n]|\\.)*):((?:[^:\\\n]|\\.)*):((?:[^:\\\n]|\\.)*):((?:[^:\\\n]|\\.)*):(.+)$/gm;

/** Passwords in a `.pgpass` file; a documented default on a local host is not one. */
export function pgpassHits(text: string, path: string, hits: HitSet, lenient: boolean): void {
  if (!PGPASS_FILE.test(path)) return;
  for (const match of text.matchAll(PGPASS_LINE)) {
    const [, host, , , user, password] = match;
    if (host.trimStart().startsWith("#")) continue;
    const value = password.trimEnd();
    if (notAPassword(value) !== undefined || value === "*") continue;
    if (isLocalDevDefault(user, value, host === "*" ? "localhost" : host)) continue;
    const start = match.index + match[0].length - password.length;
    hits.add({
      start,
      end: start + value.length,
      value,
      rule: "pgpass-password",
      label: "password in a .pgpass line",
      severity: severityOf(lenient),
    });
  }
}

/** `"auth": "<base64>"` (Docker's `config.json`, a `.dockerconfigjson`, Podman's `auth.json`). */
const REGISTRY_AUTH = /"auth"[ \t]*:[ \t]*"([A-Za-z0-9+/]{8,1000}={0,2})"/g;

/** A Kubernetes image pull secret: `.dockerconfigjson: <base64 of a config.json>`. */
const DOCKERCONFIGJSON =
  /\.docker(?:config)?(?:json|cfg)["']?[ \t]*:[ \t]*["']?([A-Za-z0-9+/]{20,20000}={0,2})/g;

/** True when base64 `value` decodes to `user:password` with a real password. */
function isUserPassword(value: string): boolean {
  const bytes = decodeBase64(value);
  if (!bytes || bytes.some((byte) => byte < 0x20 || byte > 0x7e)) return false;
  const decoded = new TextDecoder().decode(bytes);
  const colon = decoded.indexOf(":");
  if (colon < 1) return false;
  const password = decoded.slice(colon + 1);
  if (password.length < 3 || notAPassword(password) !== undefined) return false;
  return decoded.slice(0, colon) !== password; // "user:user", a fixture
}

/** Registry credentials: an `auth` member that decodes to `user:password`, also inside an image pull secret. */
export function registryAuthHits(text: string, hits: HitSet, lenient: boolean): void {
  if (/\.docker(?:config)?(?:json|cfg)/.test(text)) {
    for (const match of text.matchAll(DOCKERCONFIGJSON)) {
      const value = match[1];
      const bytes = decodeBase64(value);
      const inner = bytes ? new TextDecoder().decode(bytes) : "";
      const auths = [...inner.matchAll(REGISTRY_AUTH)].map((auth) => auth[1]);
      if (!auths.some(isUserPassword) && !/"password"[ \t]*:[ \t]*"[^"$<{]{3,}"/.test(inner)) {
        continue;
      }
      const start = match.index + match[0].length - value.length;
      hits.add({
        start,
        end: start + value.length,
        value,
        rule: "registry-auth",
        label: "registry credentials in an image pull secret",
        severity: severityOf(lenient),
      });
    }
  }
  if (!text.includes('"auth"')) return;
  for (const match of text.matchAll(REGISTRY_AUTH)) {
    const value = match[1];
    if (!isUserPassword(value)) continue;
    const start = match.index + match[0].length - value.length - 1;
    hits.add({
      start,
      end: start + value.length,
      value,
      rule: "registry-auth",
      label: "registry credentials (base64 user:password) in an auth member",
      severity: severityOf(lenient),
    });
  }
}

/** `define('NAME', 'value')` in PHP; groups: 1 name, 2 double-quoted, 3 single-quoted value. */
const PHP_DEFINE =
  /\bdefine\s*\(\s*["']([A-Za-z_]\w{0,80})["']\s*,\s*(?:"((?:[^"\\\n]|\\.){1,300})"|'((?:[^'\\\n]|\\.){1,300})')\s*\)/g;
/** Secret-named constants (`DB_PASSWORD`, `STRIPE_SECRET`) and WordPress's keys and salts. */
const SECRET_CONSTANT =
  /(?:PASSW(?:OR)?D|PASS|PWD|SECRET|TOKEN|API_?KEY|PRIVATE_KEY|(?:AUTH|SECURE_AUTH|LOGGED_IN|NONCE)_(?:KEY|SALT))$/i;

/** Passwords, keys and salts set by PHP `define()`. */
export function phpDefineHits(
  text: string,
  path: string,
  hits: HitSet,
  lenient: boolean,
  isPassword: PasswordTest,
): void {
  if (!/\.(?:php\d?|phtml|inc)$/i.test(path) || !text.includes("define")) return;
  for (const match of text.matchAll(PHP_DEFINE)) {
    const name = match[1];
    const value = match[2] ?? match[3];
    if (!SECRET_CONSTANT.test(name) || !isPassword(value, name, false)) continue;
    const start = match.index + match[0].lastIndexOf(value);
    hits.add({
      start,
      end: start + value.length,
      value,
      rule: "php-define-secret",
      label: `password, key or salt defined as "${name}"`,
      severity: severityOf(lenient),
    });
  }
}

/** A value on a command line: quoted, or bare up to white space. Groups: 1 `"`, 2 `'`, 3 bare. */
const ARGUMENT = String.raw`(?:"([^"\n]{1,200})"|'([^'\n]{1,200})'|([^\s"'${"`"}|;&<>]{1,200}))`;
/** `mysql … -pSECRET` / `-p'SECRET'` (no space: with one, `-p` only asks for the password). */
const MYSQL_P = new RegExp(
  String
    .raw`\b(?:mysql|mysqldump|mysqladmin|mysqlimport|mysqlcheck|mysqlsh|mariadb(?:-dump|-admin)?)\b[^\n]*?[ \t]-p` +
    ARGUMENT,
  "g",
);
/**
 * A password flag with a space before the value, per program: `redis-cli -a`,
 * `mongosh -p`, `docker login -p`, `ldapsearch -w`, `sqlcmd -P`.
 */
const PROGRAM_FLAG = new RegExp(
  String
    .raw`(?:\bredis-cli\b[^\n]*?[ \t]-a|\bmongo(?:sh|dump|restore|export|import)?\b[^\n]*?[ \t]-p|` +
    String.raw`\b(?:docker|podman|helm|oras|skopeo|buildah)\b[^\n]*?\blogin\b[^\n]*?[ \t]-p|` +
    String
      .raw`\bldap(?:search|add|modify|delete|passwd|whoami)\b[^\n]*?[ \t]-w|\b(?:sqlcmd|bcp|osql)\b[^\n]*?[ \t]-P)[ \t]+` +
    ARGUMENT,
  "g",
);
/** `--password=SECRET`, `--db-password SECRET`, `--passwd=…`, `--pass=…`. */
const PASSWORD_FLAG = new RegExp(
  String.raw`(?<=[ \t"'])--(?:[a-z]+-)*(?:password|passwd|pass|pwd)(?:=|[ \t]+)` + ARGUMENT,
  "gi",
);
/**
 * `PGPASSWORD=… psql`, `MYSQL_PWD=… mysql`, `SSHPASS=…`, `REDISCLI_AUTH=…`,
 * `sshpass -p …` (an `export` of one is an assignment: `assignment_rules.ts`).
 */
const ENV_PASSWORD = new RegExp(
  String
    .raw`(?:(?<!\bexport[ \t]{1,8})\b(?:PGPASSWORD|MYSQL_PWD|SSHPASS|REDISCLI_AUTH|PGPASS)=|\bsshpass[ \t]+-p[ \t]*)` +
    ARGUMENT,
  "g",
);

/** Passwords given to programs on their command line or in their environment variable. */
export function commandLineHits(text: string, hits: HitSet, lenient: boolean): void {
  const regexes: RegExp[] = [];
  if (/mysql|mariadb/.test(text)) regexes.push(MYSQL_P);
  if (/redis-cli|mongo|login|ldap|sqlcmd|bcp|osql/.test(text)) regexes.push(PROGRAM_FLAG);
  if (/--[a-z-]*pass|--[a-z-]*pwd/i.test(text)) regexes.push(PASSWORD_FLAG);
  if (/PGPASSWORD|MYSQL_PWD|SSHPASS|REDISCLI_AUTH|PGPASS=|sshpass/.test(text)) {
    regexes.push(ENV_PASSWORD);
  }
  for (const regex of regexes) {
    for (const match of text.matchAll(regex)) {
      const value = match[1] ?? match[2] ?? match[3];
      if (value.startsWith("-") || value.length < 4 || notAPassword(value) !== undefined) continue;
      if (/^\$|^%|^`/.test(value)) continue; // a reference left unquoted
      const start = match.index + match[0].lastIndexOf(value);
      hits.add({
        start,
        end: start + value.length,
        value,
        rule: "command-line-password",
        label: "password on a command line",
        severity: severityOf(lenient),
      });
    }
  }
}
