import assert from "node:assert/strict";
import { join } from "node:path";
import { defaultConfig } from "../../../core/config/schema.ts";
import { createContext } from "../../../core/context.ts";
import { gateSettings } from "../../../plugins/local_checks/gate_settings.ts";

const schemaDefaults = () => {
  const config = defaultConfig();
  // The notifications plugin's section is not the kernel's: absent unless a file sets it.
  return { checks: config.checks, hooks: config.hooks, notifications: undefined };
};

Deno.test("gate settings: with nothing overriding them, the schema's defaults", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const ctx = createContext({ dataHome: join(dir, "data"), env: () => undefined });
    assert.deepEqual(await gateSettings(ctx), schemaDefaults());
    assert.deepEqual(await gateSettings(ctx), schemaDefaults()); // from the cache
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("gate settings: a config file that sets a section is loaded and validated", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const ctx = createContext({ dataHome: join(dir, "data"), env: () => undefined });
    const project = join(dir, "config.json");
    assert.deepEqual(await gateSettings(ctx, project), schemaDefaults()); // no file
    await Deno.writeTextFile(project, JSON.stringify({ km: { portMin: 5050 } }));
    assert.deepEqual(await gateSettings(ctx, project), schemaDefaults()); // other sections only
    await Deno.writeTextFile(project, JSON.stringify({ checks: { maxFileBytes: 10 } }));
    assert.equal((await gateSettings(ctx, project)).checks.maxFileBytes, 10);
    await Deno.writeTextFile(project, JSON.stringify({ checks: { failOn: "sometimes" } }));
    await assert.rejects(gateSettings(ctx, project), /failOn/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
