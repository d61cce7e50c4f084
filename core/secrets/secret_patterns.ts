/**
 * The redaction rules that go by context rather than a token's shape (the
 * shapes are in `token_shapes.ts`): passwords in URLs, the AWS secret key
 * that goes with an access key id, the names that mark a value as secret,
 * `Authorization` headers and bearer tokens.
 * @module
 */

import { shannonEntropy } from "./entropy.ts";

/**
 * `scheme://user:password@host`; group 1 is the password (an unescaped `@`
 * inside it is taken when another `@` follows).
 */
export const URL_CREDENTIALS =
  /\b[a-z][a-z0-9+.-]{1,20}:\/\/[^\s:/@"'`<>]*:((?:[^\s/@"'`<>]|@(?=[^\s/@:"'`<>]*@)){3,200})@/gi;

/** A password found by the context around it rather than by its name's ending. */
export interface ContextPattern {
  rule: string;
  /** Global; group 1 is the secret. */
  regex: RegExp;
  /** A cheap test every text with a match passes. */
  prefilter: RegExp;
}

/**
 * Credentials the secret scan blocks in formats that are not `NAME=value`:
 * XML elements and `<add key=… value=…>`, a `.netrc` line, PHP `define()`
 * (WordPress salts included), a `.pgpass` line, a Docker registry `auth`,
 * passwords on command lines, and `Pwd=…;` in connection strings.
 */
export const CONTEXT_PATTERNS: readonly ContextPattern[] = [
  {
    rule: "config-password",
    regex: /<[\w.-]*(?:password|secret|token|apikey|api-key)>([^<\n]{1,200})<\/[\w.-]+>/gi,
    prefilter: /(?:password|secret|token|apikey|api-key)>/i,
  },
  {
    rule: "config-password",
    regex:
      /<add\s+key="[^"]*(?:password|secret|token|apikey|api-key)[^"]*"\s+value="([^"\n]{1,200})"/gi,
    prefilter: /<add\s/i,
  },
  {
    rule: "netrc-password",
    regex: /^(?:[ \t]*|.*\blogin[ \t]+\S+[ \t]+)password[ \t]+(\S{1,200})[ \t]*$/gim,
    prefilter: /password[ \t]/i,
  },
  {
    rule: "php-define-secret",
    regex:
      /\bdefine\s*\(\s*["'](?:\w*(?:PASSW(?:OR)?D|PASS|PWD|SECRET|TOKEN|API_?KEY)|(?:AUTH|SECURE_AUTH|LOGGED_IN|NONCE)_(?:KEY|SALT))["']\s*,\s*["']((?:[^"'\\\n]|\\.){1,300})["']/gi,
    prefilter: /define\s*\(/,
  },
  {
    rule: "pgpass-password",
    regex: /^[^\s:#][^\s:]*:(?:\d{1,5}|\*):[^\s:]+:[^\s:]+:(\S{1,200})$/gm,
    prefilter: /:(?:\d{1,5}|\*):/,
  },
  {
    rule: "registry-auth",
    regex: /\\?"auth\\?"[ \t]*:[ \t]*\\?"([A-Za-z0-9+/]{8,1000}={0,2})\\?"/g,
    prefilter: /"auth/,
  },
  {
    rule: "command-line-password",
    regex:
      /(?:\b(?:mysql\w*|mariadb\S*)\b[^\n]*?[ \t]-p|\bsshpass[ \t]+-p[ \t]*|\b(?:PGPASSWORD|MYSQL_PWD|SSHPASS|REDISCLI_AUTH)=|\bcurl\b[^\n]*?[ \t](?:-u|--user)[ \t=]+["']?[^\s:"'`]{1,100}:)["']?([^\s"'`|;&<>]{3,200})/g,
    prefilter: /mysql|mariadb|sshpass|PGPASSWORD|MYSQL_PWD|SSHPASS|REDISCLI_AUTH|curl/,
  },
  {
    rule: "command-line-password",
    regex:
      /(?:\bredis-cli\b[^\n]*?[ \t]-a|\bmongo\w*\b[^\n]*?[ \t]-p|\b(?:docker|podman|helm|oras|skopeo|buildah)\b[^\n]*?\blogin\b[^\n]*?[ \t]-p|\bldap\w+\b[^\n]*?[ \t]-w|\b(?:sqlcmd|bcp|osql)\b[^\n]*?[ \t]-P)[ \t]+["']?([^\s"'`|;&<>]{3,200})/g,
    prefilter: /redis-cli|mongo|login|ldap|sqlcmd|bcp|osql/,
  },
  {
    rule: "registry-auth",
    regex:
      /\.docker(?:config)?(?:json|cfg)\\?["']?[ \t]*:[ \t]*\\?["']?([A-Za-z0-9+/]{20,20000}={0,2})/g,
    prefilter: /\.docker(?:config)?(?:json|cfg)/,
  },
  {
    rule: "connection-string-password",
    regex: /(?:^|[;"'\s])(?:password|pwd)[ \t]*=[ \t]*([^;"'\s{}$][^;"'\s]{2,200})(?=;)/gim,
    prefilter: /(?:password|pwd)[ \t]*=/i,
  },
];

/** Passwords in URLs that stand for one: `${VAR}`, `<password>`, `****`, the word itself. */
export const PLACEHOLDER_PASSWORD =
  /^(?:\$\{?|<|\{\{|%|x+$|\*+$|pass(?:word)?$|secret$|changeme$|user$)/i;

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
 * `apiKey`, `client_secret`, `GITHUB_TOKEN`, `SMTP_PASS`): `token_count` or
 * `max_tokens` do not end with one. Not `pwd`: `PWD` is the shell's
 * working directory.
 */
const SECRET_NAME_ENDINGS = String
  .raw`passw(?:or)?d|_pass|passphrase|secret|token|api[_-]?key|apikey|` +
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
