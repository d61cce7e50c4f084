/**
 * Rules that need the text around a value: passwords in connection URLs
 * (`redis://:pass@host` included, documented local defaults excluded),
 * credentials in `Authorization` headers and `curl -u`, the AWS secret key
 * near an access key id, and random-looking values assigned to names
 * (`high-entropy-secret`, the catch-all for formats no rule knows).
 * @module
 */

import { looksRandom, shannonEntropy } from "../../../core/secrets/entropy.ts";
import { decodeBase64 } from "../../../core/secrets/token_shapes/checksums.ts";
import type { HitSet } from "./hit.ts";
import {
  isLocalDevDefault,
  isPublicByDesign,
  isPublicName,
  notAPassword,
} from "./value_filters.ts";

/**
 * `scheme://[user]:password@host`; groups: 1 user, 2 password, 3 host. An
 * unescaped `@` inside the password is taken when another `@` follows it.
 */
const URL_CREDENTIALS =
  /\b[a-z][a-z0-9+.-]{1,20}:\/\/([^\s:/@"'`<>]*):((?:[^\s/@"'`<>]|@(?=[^\s/@:"'`<>]*@)){3,200})@([^\s:/?#"'`<>@]+)/gi;

/** Credentials in places where URLs with passwords occur. */
export function urlCredentialHits(text: string, hits: HitSet, lenient: boolean): void {
  if (!text.includes("://")) return;
  for (const match of text.matchAll(URL_CREDENTIALS)) {
    const [, user, password, host] = match;
    if (notAPassword(password) !== undefined && !/^\d{3,}$/.test(password)) continue;
    if (/^\$|^%|^\{|^<|^\*+$/.test(user) || isLocalDevDefault(user, password, host)) continue;
    const start = match.index + match[0].length - host.length - 1 - password.length;
    hits.add({
      start,
      end: start + password.length,
      value: password,
      rule: "credentials-in-url",
      label: "password in a URL",
      severity: lenient ? "warning" : "error",
    });
  }
}

/** `Authorization: Bearer …`, `Basic …`, `Token …` (header line, curl -H, JSON member). */
const AUTHORIZATION =
  /\b(?:proxy-)?authorization\\?["']?[ \t]*[:=][ \t]*\\?["']?[ \t]*(bearer|basic|token|bot)[ \t]+([\w.~+/=-]{8,})/gi;
/** `curl -u user:password` / `--user user:password`. */
const CURL_USER =
  /\bcurl\b[^\n]*?[ \t](?:-u|--user)[ \t=]+["']?([^\s:"'`]{1,100}):([^\s"'`]{3,200})/g;

/** Credentials sent in HTTP headers or on a curl command line. */
export function headerHits(text: string, hits: HitSet, lenient: boolean): void {
  const severity = lenient ? "warning" : "error";
  for (const match of text.matchAll(AUTHORIZATION)) {
    const scheme = match[1].toLowerCase();
    const value = match[2];
    if (!credentialLike(scheme, value)) continue;
    const start = match.index + match[0].length - value.length;
    hits.add({
      start,
      end: start + value.length,
      value,
      rule: "authorization-header",
      label: `${match[1]} credentials in an Authorization header`,
      severity,
    });
  }
  if (!text.includes("curl")) return;
  for (const match of text.matchAll(CURL_USER)) {
    const password = match[2];
    if (notAPassword(password) !== undefined) continue;
    const start = match.index + match[0].length - password.length;
    hits.add({
      start,
      end: start + password.length,
      value: password,
      rule: "curl-basic-auth",
      label: "password on a curl command line",
      severity,
    });
  }
}

function credentialLike(scheme: string, value: string): boolean {
  if (notAPassword(value) !== undefined) return false;
  if (scheme === "basic") {
    const decoded = decodeBase64(value);
    const text = decoded ? new TextDecoder().decode(decoded) : "";
    const colon = text.indexOf(":");
    return colon > 0 && notAPassword(text.slice(colon + 1)) === undefined;
  }
  return value.length >= 16 && /\d/.test(value) && /[A-Za-z]/.test(value) &&
    shannonEntropy(value) >= 3;
}

/**
 * `Password=…;` inside a database connection string: ADO.NET, JDBC and ODBC
 * (`;`-separated) and libpq keyword/value DSNs (`host=… user=… password=…`,
 * space-separated), in any file.
 */
const CONNECTION_PASSWORD =
  /(?:^|[;"'\s?&])(?:password|pwd)[ \t]*=[ \t]*([^;"'\s{}$&][^;"'\s&]{3,200})(?=[;&]|["'\s]|$)/gim;
/** Another field of the same connection string: its server or user. */
const CONNECTION_FIELD =
  /(?:^|[;"'\s?&])(?:server|data source|host|hostaddr|address|uid|user id|user ?name|user)[ \t]*=[ \t]*[^;\s=&]+(?:[ \t]*;|[ \t]+\w+=|&)/i;
const FIELD_VALUE = (name: string) =>
  new RegExp(`(?:^|[;"'\\s])(?:${name})[ \\t]*=[ \\t]*([^;"'\\s,]+)`, "i");
const HOST_VALUE = FIELD_VALUE("server|data source|host|hostaddr|address");
const USER_VALUE = FIELD_VALUE("uid|user id|user ?name|user");

/** Passwords in connection strings (`Server=db;User Id=app;Password=…;`, `host=db user=app password=…`). */
export function connectionStringHits(text: string, hits: HitSet, lenient: boolean): void {
  if (!CONNECTION_FIELD.test(text)) return;
  for (const match of text.matchAll(CONNECTION_PASSWORD)) {
    const lineStart = text.lastIndexOf("\n", match.index) + 1;
    const lineEnd = text.indexOf("\n", match.index);
    const line = text.slice(lineStart, lineEnd === -1 ? text.length : lineEnd);
    if (!CONNECTION_FIELD.test(line)) continue;
    const value = match[1];
    if (notAPassword(value) !== undefined) continue;
    const host = (HOST_VALUE.exec(line)?.[1] ?? "localhost").replace(/^tcp:/i, "").split(/[,:]/)[0];
    if (isLocalDevDefault(USER_VALUE.exec(line)?.[1] ?? "", value, host)) continue;
    const start = match.index + match[0].length - value.length;
    hits.add({
      start,
      end: start + value.length,
      value,
      rule: "connection-string-password",
      label: "password in a connection string",
      severity: lenient ? "warning" : "error",
    });
  }
}

/** A 40-character AWS secret key (no prefix of its own). */
const AWS_SECRET = /(?<![A-Za-z0-9/+])([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/g;

/** 40-character secret keys within four lines of an AWS access key id already found. */
export function awsSecretHits(text: string, hits: HitSet): void {
  const keyLines = hits.hits.filter((hit) => hit.rule === "aws-access-key-id")
    .map((hit) => lineOf(text, hit.start));
  if (keyLines.length === 0) return;
  for (const match of text.matchAll(AWS_SECRET)) {
    const value = match[1];
    const line = lineOf(text, match.index);
    if (!keyLines.some((keyLine) => Math.abs(line - keyLine) <= 4)) continue;
    if (
      shannonEntropy(value) < 4 || !/[A-Z]/.test(value) || !/[a-z]/.test(value) || !/\d/.test(value)
    ) continue;
    if (value.endsWith("EXAMPLEKEY")) continue;
    hits.add({
      start: match.index,
      end: match.index + value.length,
      value,
      rule: "aws-secret-access-key",
      label: "AWS secret access key",
      severity: "error",
    });
  }
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) line++;
  return line; // only near AWS key ids, which are rare: a full line index is not worth building
}

/** A value right after `=` or `:` (found first: scanning for operators is cheaper than for names). */
const ASSIGNED_VALUE = /[=:][ \t]*(["'`]?)([A-Za-z0-9+/_=~-]{16,512})(?=\1)(?![A-Za-z0-9+/_=~.-])/g;
/** The name being assigned, at the end of the text before the value. */
const ASSIGNED_NAME =
  /(["']?)([A-Za-z_$][\w$.-]{0,63})\1[ \t]*(?::[ \t]*[\w<>[\]| ]{1,40}?[ \t]*)?(?:=>|:=|=|:)[ \t]*["'`]?$/;
const SECRET_NAME =
  /secret|token|passw(?:or)?d|pwd|api[_-]?key|apikey|access[_-]?key|private[_-]?key|credential|auth|signing[_-]?key/i;

/** Random-looking values assigned to names (`TOKEN=…`, `apiKey: "…"`). */
export function entropyHits(text: string, hits: HitSet, threshold: number, lenient: boolean): void {
  for (const match of text.matchAll(ASSIGNED_VALUE)) {
    const value = match[2];
    const start = match.index + match[0].length - value.length;
    if (hits.taken(start, start + value.length)) continue;
    const lineStart = text.lastIndexOf("\n", match.index) + 1;
    const prefix = text.slice(Math.max(lineStart, start - 120), start);
    const name = ASSIGNED_NAME.exec(prefix)?.[2];
    if (name === undefined || isPublicByDesign(value, name) || isIdentifierName(name)) continue;
    if (isPublicName(name)) continue;
    if (/^[A-Za-z0-9]+$/.test(value) && isAlphabet(value)) continue;
    const secretName = SECRET_NAME.test(prefix);
    if (!looksRandom(value, { secretName, threshold })) continue;
    hits.add({
      start,
      end: start + value.length,
      value,
      rule: "high-entropy-secret",
      label: `high-entropy value assigned to "${name}"`,
      severity: lenient ? "warning" : "error",
    });
  }
}

/**
 * Names of identifiers, not secrets: `client_id`, `paypal.client.id`,
 * `private_key_id`, `clientId`, `APP_ID` (a `secret_id` or `token_id` still counts).
 */
function isIdentifierName(name: string): boolean {
  return /(?:[_.-]id|[a-z0-9]Id|[_.-]ID)$/.test(name) && !/secret|passw|token/i.test(name);
}

/** True for an alphabet constant (`0123…xyz`): characters in ascending runs, not random. */
function isAlphabet(value: string): boolean {
  let ascending = 0;
  for (let i = 1; i < value.length; i++) {
    if (value.charCodeAt(i) === value.charCodeAt(i - 1) + 1) ascending++;
  }
  return ascending / (value.length - 1) > 0.6;
}
