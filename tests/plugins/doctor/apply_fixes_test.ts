/**
 * `doctor --fix`: only `repairable` findings are repaired, one repair per
 * check, a failing repair is reported and the others still run.
 */
import assert from "node:assert/strict";
import { applyFixes } from "../../../plugins/doctor/apply_fixes.ts";
import { defineCheck, type DoctorEnv, type Finding } from "../../../plugins/doctor/check.ts";
import { defaultConfig } from "../../../core/config/schema.ts";
import { createContext } from "../../../core/context.ts";

const silent = { write() {}, isTerminal: false };

function entry(id: string, findings: Finding[], repair?: () => Promise<string>) {
  const check = defineCheck({ id, title: id, run: () => Promise.resolve(findings), repair });
  return { id, load: () => Promise.resolve({ check }) };
}

Deno.test("applyFixes repairs repairable findings only and reports failures", async () => {
  const env: DoctorEnv = {
    ctx: createContext({ stdout: silent, stderr: silent }),
    config: defaultConfig(),
    km: () => Promise.resolve(undefined),
  };
  const calls: string[] = [];
  const problem = (check: string, repairable?: boolean): Finding => ({
    check,
    severity: "error",
    message: `${check} is broken`,
    fix: "do something",
    repairable,
  });
  const outcomes = await applyFixes(env, [
    entry("fixable", [problem("fixable", true), problem("fixable", true)], () => {
      calls.push("fixable");
      return Promise.resolve("fixed it");
    }),
    entry("unsafe", [problem("unsafe")], () => {
      calls.push("unsafe");
      return Promise.resolve("should not run");
    }),
    entry("failing", [problem("failing", true)], () => Promise.reject(new Error("disk on fire"))),
    entry(
      "healthy",
      [{ check: "healthy", severity: "ok", message: "fine", repairable: true }],
      () => {
        calls.push("healthy");
        return Promise.resolve("should not run");
      },
    ),
  ]);
  assert.deepEqual(calls, ["fixable"], "one repair per check, never for unsafe or ok findings");
  assert.deepEqual(outcomes.map((o) => [o.check, o.ok, o.message]), [
    ["fixable", true, "fixed it"],
    ["failing", false, "disk on fire"],
  ]);
});
