/** The demo's last line is a command that works as copied, with or without super-agents on PATH. */

import assert from "node:assert/strict";
import { join } from "node:path";
import { demoNextStep } from "../../../plugins/project/demo_next_step.ts";

const LAUNCH = ["/opt/deno dir/deno", "run", "-A", "/src/sa/main.ts"];

Deno.test("demo next step: the bare command when super-agents is on PATH", async () => {
  const dir = await Deno.makeTempDir({ prefix: "next-step-" });
  try {
    await Deno.writeTextFile(join(dir, "super-agents"), "#!/bin/sh\n", { mode: 0o755 });
    await Deno.chmod(join(dir, "super-agents"), 0o755);
    const step = demoNextStep(`/nonexistent:${dir}`, LAUNCH, "file:///src/sa/main.ts");
    assert.deepEqual(step, { command: "cd <your repo> && super-agents init" });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("demo next step: without it on PATH, the absolute command (quoted) and how to install", () => {
  const step = demoNextStep("/usr/bin:/bin", LAUNCH, "file:///src/sa/main.ts");
  assert.equal(step.command, "cd <your repo> && '/opt/deno dir/deno' run -A /src/sa/main.ts init");
  assert.match(step.note!, /`cd \/src\/sa && deno task install`/);
  const compiled = demoNextStep("/usr/bin", ["/opt/super-agents-bin"], "file:///$deno$/main.ts");
  assert.equal(compiled.command, "cd <your repo> && /opt/super-agents-bin init");
  assert.match(compiled.note!, /put \/opt\/super-agents-bin on PATH/);
  const remote = demoNextStep("/usr/bin", LAUNCH, "https://example.com/sa/main.ts");
  assert.match(remote.note!, /put '\/opt\/deno dir\/deno' on PATH/);
});
