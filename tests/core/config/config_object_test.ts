import { deepStrictEqual, rejects } from "node:assert/strict";
import { join } from "node:path";
import { readConfigObject } from "../../../core/config/config_object.ts";
import { CONFIG_SCHEMA_VERSION } from "../../../core/config/schema.ts";

Deno.test("readConfigObject: a missing file is a fresh object; an existing one is read", async () => {
  const dir = await Deno.makeTempDir();
  try {
    deepStrictEqual(await readConfigObject(join(dir, "config.json")), {
      schemaVersion: CONFIG_SCHEMA_VERSION,
    });
    const path = join(dir, "set.json");
    await Deno.writeTextFile(
      path,
      JSON.stringify({ schemaVersion: CONFIG_SCHEMA_VERSION, km: { portMin: 6001 } }),
    );
    deepStrictEqual((await readConfigObject(path)).km, { portMin: 6001 });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("readConfigObject: invalid JSON and a non-object are CONFIG_INVALID", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const broken = join(dir, "broken.json");
    await Deno.writeTextFile(broken, "{");
    await rejects(readConfigObject(broken), { code: "CONFIG_INVALID" });
    const list = join(dir, "list.json");
    await Deno.writeTextFile(list, "[]");
    await rejects(readConfigObject(list), /is not a JSON object/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
