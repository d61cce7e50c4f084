/**
 * Bearer-token checks for the KM's mutating endpoints. The comparison runs
 * over SHA-256 digests of both values, so it takes the same time whatever the
 * presented token's length or first wrong byte.
 * @module
 */

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
    const match = header === null ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) return "missing";
    return constantTimeEqual(await digest(match[1]), expected) ? undefined : "invalid";
  };
}

/** Compares two equal-length byte arrays without an early exit. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a[i] ^ b[i];
  return difference === 0;
}

async function digest(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
}
