/**
 * Doctor checks as modules: findings with severities and fixes, and a
 * check that throws becomes a visible error finding.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { defaultConfig } from "../../../core/config/schema.ts";
import { createContext } from "../../../core/context.ts";
import type { DoctorEnv } from "../../../plugins/doctor/check.ts";
import { runChecks } from "../../../plugins/doctor/run_checks.ts";
import { inspectKm } from "../../../plugins/km/inspect.ts";
import { projectPaths } from "../../../core/paths.ts";
import { installBuiltinPlugins } from "../../../plugins/builtin.ts";

installBuiltinPlugins(); // doctor runs the plugins' checks after its own

async function withEnv(
  fn: (env: DoctorEnv) => Promise<void>,
  configure: (config: ReturnType<typeof defaultConfig>) => void = () => {},
) {
  const root = await Deno.makeTempDir({ prefix: "doctor-" });
  const paths = projectPaths(root);
  await Deno.mkdir(paths.state, { recursive: true });
  const config = defaultConfig();
  configure(config);
  const ctx = createContext({ home: root, dataHome: join(root, ".data"), cwd: root });
  try {
    await fn({ ctx, config, paths, km: () => inspectKm(paths) });
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

Deno.test("a stopped project with an empty port range and leftover temp files", () =>
  withEnv(async (env) => {
    await Deno.writeTextFile(join(env.paths!.state, ".km.pid.1a2b3c4d.tmp"), "1");
    const findings = await runChecks(env);
    const get = (check: string, severity: string) =>
      findings.find((f) => f.check === check && f.severity === severity);
    assert.match(get("km-stale-state", "warning")!.fix!, /^rm .*\.km\.pid\.1a2b3c4d\.tmp$/);
    assert.equal(get("km-dead", "info")!.fix, "super-agents start");
    assert.match(get("km-port-conflict", "error")!.fix!, /super-agents config set km\.portMax/);
  }, (config) => {
    config.km.portMin = 6000;
    config.km.portMax = 5000;
  }));

Deno.test("a check that throws is reported as an error finding, others still run", () =>
  withEnv(async (env) => {
    const findings = await runChecks(env, [
      {
        id: "broken",
        load: () =>
          Promise.resolve({
            check: { id: "broken", title: "b", run: () => Promise.reject(new Error("boom")) },
          }),
      },
      {
        id: "fine",
        load: () =>
          Promise.resolve({
            check: {
              id: "fine",
              title: "f",
              run: () => Promise.resolve([{ check: "fine", severity: "ok" as const, message: "" }]),
            },
          }),
      },
    ]);
    assert.deepEqual(findings.map((f) => [f.check, f.severity]), [["broken", "error"], [
      "fine",
      "ok",
    ]]);
    assert.match(findings[0].message, /boom/);
  }));
