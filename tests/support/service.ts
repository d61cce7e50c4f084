/**
 * Test support: gating tests on an external service (Redis, Chromium,
 * bubblewrap). Locally a missing service skips its tests (counted as
 * skipped in the summary); under `CI=true` a missing service is a failure:
 * one failing test names the service and the fix.
 * @module
 */

const reported = new Set<string>();

/**
 * Whether a test that needs `service` must be skipped. Use as `ignore:`.
 *
 * @example
 * ```ts
 * Deno.test({ name: "x", ignore: skipWithout("redis", !!REDIS_URL, "scripts/services.sh start"), fn });
 * ```
 */
export function skipWithout(service: string, present: boolean, fix: string): boolean {
  if (present) return false;
  if (Deno.env.get("CI") === "true" && !reported.has(service)) {
    reported.add(service);
    Deno.test(`${service} is required in CI`, () => {
      throw new Error(`${service} is missing, so its tests cannot run: ${fix}`);
    });
  }
  return true;
}
