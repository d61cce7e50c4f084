/**
 * The trust store: one file per project under the data home, keyed by the
 * hash of the real root; records survive a read back; concurrent writers do
 * not lose each other's records; a corrupt, foreign or hand-edited file is a
 * clear `TRUST_STORE_INVALID` naming the file and the fix.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  type EffectivePermissions,
  effectivePermissions,
  NO_PERMISSIONS,
} from "../../../agents/trust/effective_permissions.ts";
import {
  readTrustStore,
  recordTrust,
  trustStoreLocation,
} from "../../../agents/trust/trust_store.ts";
import { SuperAgentsError } from "../../../core/errors.ts";

const grants: EffectivePermissions = effectivePermissions({
  permissions: { read: ["."], write: ["."], net: false, run: ["git", "sh"], env: false },
  tools: ["Bash", "Read"],
  mcpServers: undefined,
  provider: undefined,
});

async function temp(fn: (dirs: { home: string; root: string }) => Promise<void>) {
  const base = await Deno.makeTempDir({ prefix: "trust-store-" });
  try {
    const root = join(base, "project");
    await Deno.mkdir(root);
    await fn({ home: join(base, "data"), root });
  } finally {
    await Deno.remove(base, { recursive: true });
  }
}

function invalidStore(path: string, pattern: RegExp) {
  return (error: unknown) =>
    error instanceof SuperAgentsError && error.code === "TRUST_STORE_INVALID" &&
    error.message.includes(path) && pattern.test(error.message) &&
    /delete .*agents trust/.test(error.hint ?? "");
}

Deno.test("trust store: keyed by the real root; a missing file is empty; records read back", async () => {
  await temp(async ({ home, root }) => {
    const link = `${root}-link`;
    await Deno.symlink(root, link);
    const store = await trustStoreLocation(home, root);
    assert.deepEqual(await trustStoreLocation(home, link), store);
    assert.match(store.path, new RegExp(`^${home}/trust/[0-9a-f]{32}\\.json$`));
    assert.deepEqual((await readTrustStore(store)).agents, {});
    await recordTrust(
      store,
      [{ name: "reviewer-agent", permissions: grants, file: "x.md" }],
      new Date(0),
    );
    const read = await readTrustStore(store);
    assert.deepEqual(read.agents["reviewer-agent"].permissions, grants);
    assert.equal(read.agents["reviewer-agent"].trustedAt, "1970-01-01T00:00:00.000Z");
    assert.equal(read.root, await Deno.realPath(root));
    const other = await trustStoreLocation(home, home.replace(/data$/, ""));
    assert.notEqual(other.path, store.path);
  });
});

Deno.test("trust store: concurrent records under the lock keep every agent", async () => {
  await temp(async ({ home, root }) => {
    const store = await trustStoreLocation(home, root);
    const names = Array.from({ length: 8 }, (_, i) => `agent-${i}`);
    await Promise.all(
      names.map((name) =>
        recordTrust(store, [{ name, permissions: grants, file: `${name}.md` }], new Date())
      ),
    );
    assert.deepEqual(Object.keys((await readTrustStore(store)).agents).sort(), names);
  });
});

Deno.test("trust store: corrupt JSON, a wrong shape, another project's file and a forged record are errors", async () => {
  await temp(async ({ home, root }) => {
    const store = await trustStoreLocation(home, root);
    await Deno.mkdir(join(home, "trust"), { recursive: true });
    await Deno.writeTextFile(store.path, "{ not json");
    await assert.rejects(readTrustStore(store), invalidStore(store.path, /is not JSON/));

    await Deno.writeTextFile(
      store.path,
      JSON.stringify({ version: 1, root: store.root, agents: { a: { digest: "x" } } }),
    );
    await assert.rejects(readTrustStore(store), invalidStore(store.path, /key "agents\.a\./));

    await Deno.writeTextFile(
      store.path,
      JSON.stringify({ version: 1, root: "/elsewhere", agents: {} }),
    );
    await assert.rejects(readTrustStore(store), invalidStore(store.path, /belongs to \/elsewhere/));

    await Deno.remove(store.path);
    await recordTrust(store, [{
      name: "reviewer-agent",
      permissions: NO_PERMISSIONS,
      file: "x.md",
    }], new Date());
    const forged = JSON.parse(await Deno.readTextFile(store.path));
    forged.agents["reviewer-agent"].permissions.run = true; // widened by hand, digest unchanged
    await Deno.writeTextFile(store.path, JSON.stringify(forged));
    await assert.rejects(
      readTrustStore(store),
      invalidStore(store.path, /do not match their digest/),
    );
    // A write never replaces a corrupt store with "trust everything".
    await assert.rejects(
      recordTrust(store, [{ name: "other", permissions: grants, file: "o.md" }], new Date()),
      invalidStore(store.path, /digest/),
    );
  });
});
