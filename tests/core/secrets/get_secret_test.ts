/**
 * `getSecret` and `withStoredSecrets`: the environment wins, the store is
 * the fallback, each use from the store is audited (by name, never value),
 * and nothing is created when nothing was ever stored.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { auditLogPaths } from "../../../core/audit/audit_paths.ts";
import { closeAuditLogs } from "../../../core/audit/record_audit.ts";
import { createContext } from "../../../core/context.ts";
import { getSecret, withStoredSecrets } from "../../../core/secrets/get_secret.ts";
import { setSecret } from "../../../core/secrets/secret_store.ts";

const silent = { write() {}, isTerminal: false };

Deno.test("getSecret: env first, then the store; stored uses are audited", async () => {
  const base = await Deno.makeTempDir({ prefix: "sa-getsecret-" });
  const env: Record<string, string> = { SUPER_AGENTS_SECRETS_BACKEND: "file" };
  const ctx = createContext({
    cwd: base,
    home: base,
    dataHome: join(base, "data"),
    env: (name) => env[name],
    stdout: silent,
    stderr: silent,
  });
  try {
    assert.equal(await getSecret(ctx, "ANTHROPIC_API_KEY"), undefined);
    await assert.rejects(Deno.stat(join(base, "data")), Deno.errors.NotFound, "no store created");
    await setSecret(ctx, "ANTHROPIC_API_KEY", "stored-key-value-1234");
    assert.equal(await getSecret(ctx, "ANTHROPIC_API_KEY"), "stored-key-value-1234");
    env.ANTHROPIC_API_KEY = "from-env";
    assert.equal(await getSecret(ctx, "ANTHROPIC_API_KEY"), "from-env");
    delete env.ANTHROPIC_API_KEY;
    const wrapped = await withStoredSecrets(ctx, ["ANTHROPIC_API_KEY", "MISSING"]);
    assert.equal(wrapped.env("ANTHROPIC_API_KEY"), "stored-key-value-1234");
    assert.equal(wrapped.env("MISSING"), undefined);
    assert.equal(wrapped.env("SUPER_AGENTS_SECRETS_BACKEND"), "file");
    await closeAuditLogs();
    const audit = await Deno.readTextFile(auditLogPaths(ctx).log);
    const uses = audit.trim().split("\n").map((line) => JSON.parse(line));
    assert.deepEqual(uses.map((e) => e.type), ["audit.secret.use", "audit.secret.use"]);
    assert.equal(uses[0].payload.target, "ANTHROPIC_API_KEY");
    assert.ok(!audit.includes("stored-key-value"), "the audit log never holds the value");
  } finally {
    await closeAuditLogs();
    await Deno.remove(base, { recursive: true });
  }
});
