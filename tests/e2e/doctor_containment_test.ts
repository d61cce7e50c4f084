/**
 * `doctor` says which OS containment agents' child processes get: here,
 * where bubblewrap is installed (CI installs it), "ok" naming bwrap.
 */
import assert from "node:assert/strict";
import { createSandbox } from "../support/cli.ts";

Deno.test("doctor reports bubblewrap as the containment of agents' programs", async () => {
  const sandbox = await createSandbox();
  try {
    const result = await sandbox.run(["doctor", "--json"]);
    const report = JSON.parse(result.stdout);
    const findings: { check: string; severity: string; message: string }[] = report.findings ??
      report;
    const containment = findings.find((f) => f.check === "containment");
    assert.ok(containment, result.stdout);
    assert.equal(containment.severity, "ok", containment.message);
    assert.match(containment.message, /bubblewrap/);
  } finally {
    await sandbox.cleanup();
  }
});
