/**
 * `doctor` reports a healthy project as ok and names the fix for a port held
 * by another program.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { kmSandbox } from "../plugins/km/km_sandbox.ts";

interface Finding {
  check: string;
  severity: string;
  message: string;
  fix?: string;
}

Deno.test("doctor: running KM is ok; exit 0", async () => {
  const box = await kmSandbox();
  try {
    assert.equal((await box.run(["start"])).code, 0);
    const result = await box.run(["doctor", "--json"]);
    assert.equal(result.code, 0, result.stdout);
    const report = JSON.parse(result.stdout);
    assert.equal(report.ok, true);
    const kmFindings = report.findings.filter((f: Finding) => f.check.startsWith("km-"));
    const byCheck = Object.fromEntries(kmFindings.map((f: Finding) => [f.check, f.severity]));
    assert.deepEqual(byCheck, {
      "km-stale-state": "ok",
      "km-dead": "ok",
      "km-port-conflict": "ok",
    });
    assert.equal((await box.run(["stop"])).code, 0);
  } finally {
    await box.cleanup();
  }
});

Deno.test("doctor: dead KM whose port another program took → errors with fixes", async () => {
  const box = await kmSandbox();
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  try {
    const state = join(box.project, ".claude", "state");
    await Deno.mkdir(state, { recursive: true });
    const gone = new Deno.Command("true").spawn();
    const { success } = await gone.status;
    assert.ok(success);
    await Deno.writeTextFile(join(state, "km.pid"), `${gone.pid}\n`);
    await Deno.writeTextFile(join(state, "km.port"), `${(listener.addr as Deno.NetAddr).port}\n`);
    const result = await box.run(["doctor", "--json"]);
    assert.equal(result.code, 1);
    const findings: Finding[] = JSON.parse(result.stdout).findings;
    const dead = findings.find((f) => f.check === "km-dead");
    assert.equal(dead?.severity, "error");
    assert.match(dead!.fix!, /super-agents start/);
    const port = findings.find((f) => f.check === "km-port-conflict" && f.severity === "error");
    assert.match(port!.message, /held by another program/);
    const text = await box.run(["doctor"]);
    assert.match(text.stdout, /error km-dead: /);
    assert.match(text.stdout, /fix: super-agents start/);
  } finally {
    listener.close();
    await box.cleanup();
  }
});
