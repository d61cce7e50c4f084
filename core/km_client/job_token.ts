/**
 * Job tokens: what an agent's worker gets instead of the KM's own token. A
 * job token names the agent, the scopes it holds and when it expires, and is
 * signed with an HMAC-SHA256 keyed by the KM's token
 * (`sajob.<agent>.<scopes>.<expiry>.<mac>`, expiry in Unix seconds, scopes
 * joined by `+`). Whoever can read `.claude/state/km.token` (the CLI, a queue
 * worker's parent) mints them; the KM verifies them with the same key, so no
 * state is shared and a KM restart (new token) revokes every job token. The
 * scopes cover exactly what the agents' knowledge tools do: search, and save.
 * @module
 */

import { createHmac, timingSafeEqual } from "node:crypto";

/** What a job token may do: search knowledge (`GET /api/search`), save it (`POST /api/knowledge`). */
export type JobScope = "knowledge_read" | "knowledge_write";

/** Every scope, in the order tokens list them. */
export const JOB_SCOPES: readonly JobScope[] = ["knowledge_read", "knowledge_write"];

/** The prefix that tells a job token from the KM's own token. */
export const JOB_TOKEN_PREFIX = "sajob.";

const AGENT = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/;

/** What a job token says. */
export interface JobClaims {
  agent: string;
  scopes: JobScope[];
  /** Epoch ms; the token is refused from then on. */
  expiresAt: number;
}

/** Why a presented job token was refused. */
export type JobTokenFault = "malformed" | "bad-signature" | "expired";

/**
 * Mints a job token.
 *
 * @example
 * ```ts
 * const token = mintJobToken(kmToken, {
 *   agent: "reviewer-agent",
 *   scopes: ["knowledge_read", "knowledge_write"],
 *   expiresAt: Date.now() + 15 * 60_000,
 * });
 * ```
 */
export function mintJobToken(kmToken: string, claims: JobClaims): string {
  if (!AGENT.test(claims.agent)) {
    throw new TypeError(`a job token's agent must match ${AGENT}, got "${claims.agent}"`);
  }
  const scopes = JOB_SCOPES.filter((scope) => claims.scopes.includes(scope));
  const payload = `${JOB_TOKEN_PREFIX}${claims.agent}.${scopes.join("+")}.${
    Math.floor(claims.expiresAt / 1000)
  }`;
  return `${payload}.${mac(kmToken, payload).toString("base64url")}`;
}

/**
 * Checks a job token against the KM's token and the clock.
 *
 * @example
 * ```ts
 * const checked = verifyJobToken(kmToken, presented, Date.now());
 * if ("claims" in checked && checked.claims.scopes.includes("knowledge_read")) search();
 * ```
 */
export function verifyJobToken(
  kmToken: string,
  token: string,
  now: number,
): { claims: JobClaims } | { fault: JobTokenFault } {
  if (!token.startsWith(JOB_TOKEN_PREFIX)) return { fault: "malformed" };
  const parts = token.split(".");
  if (parts.length !== 5) return { fault: "malformed" };
  const [, agent, scopeText, expiryText, presented] = parts;
  const scopes = scopeText === "" ? [] : scopeText.split("+");
  if (
    !AGENT.test(agent) || !/^\d{1,12}$/.test(expiryText) ||
    !scopes.every((scope) => (JOB_SCOPES as readonly string[]).includes(scope))
  ) {
    return { fault: "malformed" };
  }
  const expected = Buffer.from(mac(kmToken, parts.slice(0, 4).join(".")).toString("base64url"));
  const given = Buffer.from(presented);
  // Equal lengths first: timingSafeEqual throws on a mismatch, and the length is public anyway.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { fault: "bad-signature" };
  }
  const expiresAt = Number(expiryText) * 1000;
  if (now >= expiresAt) return { fault: "expired" };
  return { claims: { agent, scopes: scopes as JobScope[], expiresAt } };
}

function mac(key: string, payload: string): Buffer {
  return createHmac("sha256", key).update(payload).digest();
}
