import assert from "node:assert/strict";
import { configMigrations, migrateConfig } from "../../../core/config/migrate.ts";
import { CONFIG_SCHEMA_VERSION } from "../../../core/config/schema.ts";

Deno.test("every older schema version has a migration step", () => {
  for (let version = 1; version < CONFIG_SCHEMA_VERSION; version++) {
    assert.equal(typeof configMigrations[version], "function", `missing step ${version}`);
  }
});

Deno.test("migrations run in order up to the current version", () => {
  const steps = {
    1: (raw: Record<string, unknown>) => ({ ...raw, renamed: raw.old, old: undefined }),
    2: (raw: Record<string, unknown>) => ({ ...raw, renamed: `${raw.renamed}!` }),
  };
  const result = migrateConfig({ schemaVersion: 1, old: "x" }, "f.json", steps, 3);
  assert.deepEqual(result, {
    value: { schemaVersion: 3, renamed: "x!", old: undefined },
    from: 1,
    migrated: true,
  });
  assert.equal(migrateConfig({}, "f.json", steps, 3).migrated, false, "no version means current");
});

Deno.test("a newer or malformed version, or a missing step, is a clear error", () => {
  assert.throws(
    () => migrateConfig({ schemaVersion: 9 }, "f.json", {}, 1),
    /schema 9; this super-agents understands up to 1/,
  );
  assert.throws(
    () => migrateConfig({ schemaVersion: "1" }, "f.json", {}, 1),
    /key "schemaVersion"/,
  );
  assert.throws(
    () => migrateConfig({ schemaVersion: 1 }, "f.json", {}, 2),
    /no migration from config schema 1 to 2/,
  );
});
