/**
 * Doctor check: the Deno running super-agents is 2.9 or newer (the
 * version whose `node:sqlite`, worker permissions and OpenTelemetry we rely on).
 * @module
 */

import { defineCheck } from "./check.ts";

const id = "deno-version";
const MIN: [number, number] = [2, 9];

/** Whether `version` (x.y.z) is at least `min`. */
export function denoVersionAtLeast(version: string, min: [number, number] = MIN): boolean {
  const [major, minor] = version.split(".").map(Number);
  return major > min[0] || (major === min[0] && minor >= min[1]);
}

/** The check. */
export const check = defineCheck({
  id,
  title: "Deno is new enough",
  run() {
    const version = Deno.version.deno;
    return Promise.resolve([
      denoVersionAtLeast(version) ? { check: id, severity: "ok", message: `Deno ${version}` } : {
        check: id,
        severity: "error",
        message: `Deno ${version} is too old: super-agents needs ${MIN.join(".")} or newer`,
        fix: "npm install -g deno@latest   (or: deno upgrade)",
      },
    ]);
  },
});
