import assert from "node:assert/strict";
import { join } from "node:path";
import {
  readInstallRecord,
  writeInstallRecord,
} from "../../../../plugins/project/global/install_record.ts";
import { SuperAgentsError } from "../../../../core/errors.ts";

const record = {
  version: "0.1.0",
  installPath: "/home/me/.local/bin/super-agents",
  source: "file:///src/main.ts",
  templateSource: "file:///src/templates/",
  deno: "/usr/bin/deno",
  installedAt: "2026-01-01T00:00:00.000Z",
};

Deno.test("the install record round-trips and is absent when never written", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = join(dir, ".super-agents-config");
    assert.equal(await readInstallRecord(path), undefined);
    await writeInstallRecord(path, record);
    assert.deepEqual(await readInstallRecord(path), record);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a damaged record names the file and the key", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = join(dir, ".super-agents-config");
    await Deno.writeTextFile(path, JSON.stringify({ ...record, version: 7 }));
    await assert.rejects(readInstallRecord(path), (error: unknown) => {
      assert.ok(error instanceof SuperAgentsError);
      assert.equal(error.code, "INSTALL_RECORD_INVALID");
      assert.match(error.message, /\.super-agents-config key "version"/);
      return true;
    });
    await Deno.writeTextFile(path, "{");
    await assert.rejects(readInstallRecord(path), /is not valid JSON/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
