/**
 * Who may call a KM route. The KM's own token (`.claude/state/km.token`)
 * opens every route; a job token (`job_token.ts`, what agents get) opens only
 * the routes of its scopes, until it expires; without a token only the open
 * routes answer (reads on a loopback KM). A presented token is always
 * checked, also on an open route: a wrong, tampered or expired one is 401,
 * a valid job token on a route outside its scopes is 403. Token comparisons
 * run over SHA-256 digests, so they take the same time whatever the
 * presented token's length or first wrong byte.
 * @module
 */

import { JOB_TOKEN_PREFIX, type JobScope, verifyJobToken } from "../../core/km_client/job_token.ts";

/** Why a request was refused, or `undefined` when it carries the token. */
export type AuthFailure = "missing" | "invalid";

/**
 * Builds a checker for one expected token.
 *
 * @example
 * ```ts
 * const check = await bearerChecker(token);
 * if (await check(request.headers.get("authorization"))) return unauthorized();
 * ```
 */
export async function bearerChecker(
  token: string,
): Promise<(header: string | null) => Promise<AuthFailure | undefined>> {
  const expected = await digest(token);
  return async (header) => {
    const presented = bearerOf(header);
    if (presented === undefined) return "missing";
    return constantTimeEqual(await digest(presented), expected) ? undefined : "invalid";
  };
}

/** What a route needs. */
export interface AccessRule {
  /** Answers without any token (reads on a loopback KM). */
  open: boolean;
  /** The job-token scope that opens the route, if any does. */
  jobScope?: JobScope;
}

/** A refused request: status, stable code, message and `WWW-Authenticate` challenge. */
export interface AccessRefusal {
  status: 401 | 403;
  code: "UNAUTHORIZED" | "INSUFFICIENT_SCOPE";
  message: string;
  challenge: string;
}

const REALM = 'Bearer realm="super-agents-km"';

/**
 * Builds the access check of a KM whose own token is `token`.
 *
 * @example
 * ```ts
 * const authorize = await kmAuthorizer(token);
 * const refusal = await authorize(request.headers.get("authorization"), { open: false });
 * ```
 */
export async function kmAuthorizer(
  token: string,
  now: () => number = Date.now,
): Promise<(header: string | null, rule: AccessRule) => Promise<AccessRefusal | undefined>> {
  const isKmToken = await bearerChecker(token);
  return async (header, rule) => {
    const presented = bearerOf(header);
    if (presented === undefined) {
      if (rule.open) return undefined;
      return {
        status: 401,
        code: "UNAUTHORIZED",
        message: "a valid bearer token is required for this endpoint",
        challenge: REALM,
      };
    }
    if ((await isKmToken(header)) === undefined) return undefined;
    if (!presented.startsWith(JOB_TOKEN_PREFIX)) return invalid("the bearer token is not valid");
    const checked = verifyJobToken(token, presented, now());
    if ("fault" in checked) {
      return invalid(
        checked.fault === "expired" ? "the job token has expired" : "the job token is not valid",
      );
    }
    if (rule.jobScope && checked.claims.scopes.includes(rule.jobScope)) return undefined;
    return {
      status: 403,
      code: "INSUFFICIENT_SCOPE",
      message: `a job token (agent ${checked.claims.agent}) may only search and save knowledge`,
      challenge: `${REALM}, error="insufficient_scope"${
        rule.jobScope ? `, scope="${rule.jobScope}"` : ""
      }`,
    };
  };
}

/** Compares two equal-length byte arrays without an early exit. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a[i] ^ b[i];
  return difference === 0;
}

function invalid(message: string): AccessRefusal {
  return {
    status: 401,
    code: "UNAUTHORIZED",
    message,
    challenge: `${REALM}, error="invalid_token"`,
  };
}

function bearerOf(header: string | null): string | undefined {
  const match = header === null ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : undefined;
}

async function digest(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
}
