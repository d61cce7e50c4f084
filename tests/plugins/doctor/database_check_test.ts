/** The database check: intact, absent and damaged SQLite files. */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { join } from "node:path";
import { check, integrityOf } from "../../../plugins/doctor/database_check.ts";
import { defaultConfig } from "../../../core/config/schema.ts";
import { createContext } from "../../../core/context.ts";
import { projectPaths } from "../../../core/paths.ts";

const silent = { write() {}, isTerminal: false };

Deno.test("database check: intact, missing and corrupt databases", async () => {
  const root = await Deno.makeTempDir({ prefix: "sa-db-" });
  const paths = projectPaths(root);
  const env = {
    ctx: createContext({ cwd: root, stdout: silent, stderr: silent }),
    config: defaultConfig(),
    paths,
    km: () => Promise.resolve(undefined),
  };
  try {
    await Deno.mkdir(paths.registry, { recursive: true });
    await Deno.mkdir(paths.state, { recursive: true });
    assert.deepEqual((await check.run(env)).map((f) => f.severity), ["ok"]);
    const good = new DatabaseSync(join(paths.state, "queue.db"));
    good.exec("CREATE TABLE t (x); INSERT INTO t VALUES (1);");
    good.close();
    assert.equal(integrityOf(join(paths.state, "queue.db")), "ok");
    await Deno.writeTextFile(join(paths.registry, "registry.db"), "not a database\n".repeat(300));
    const findings = await check.run(env);
    const damaged = findings.find((f) => f.severity === "error");
    assert.match(damaged!.message, /KM registry .*registry\.db is damaged: .*not a database/);
    assert.match(damaged!.fix!, /\.corrupt/);
    assert.equal(damaged!.repairable, undefined);
    assert.ok(findings.some((f) => f.severity === "ok" && /task queue/.test(f.message)));
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
