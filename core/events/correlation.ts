/**
 * Correlation ids in the form MCP uses for tool calls (`toolu_` followed by
 * 24 base62 characters). One id is created per request and propagated
 * through every event, task and agent call that the request causes, so
 * `super-agents trace <id>` can show the whole tree.
 * @module
 */

import { sha256 } from "../sha256.ts";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** Shape of a correlation id. */
export const CORRELATION_ID_PATTERN = /^toolu_[0-9A-Za-z]{24}$/;

/**
 * A new random correlation id.
 *
 * @example
 * ```ts
 * newCorrelationId(); // "toolu_3kT9bQ0xZr8LmN2pV5sW7yAc"
 * ```
 */
export function newCorrelationId(): string {
  return "toolu_" + base62(crypto.getRandomValues(new Uint8Array(24)));
}

/**
 * A correlation id derived deterministically from another id (for example a
 * Claude Code session id), so every hook call of one session shares it.
 *
 * @example
 * ```ts
 * correlationIdFrom("session-123") === correlationIdFrom("session-123"); // true
 * ```
 */
export function correlationIdFrom(source: string): string {
  const digest = sha256(source);
  return "toolu_" + base62(digest.subarray(0, 24));
}

function base62(bytes: Uint8Array): string {
  // One character per byte; modulo bias is irrelevant for ids of 24 × ~5.95 bits.
  let out = "";
  for (const byte of bytes) out += BASE62[byte % 62];
  return out;
}
