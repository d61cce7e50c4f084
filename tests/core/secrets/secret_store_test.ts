/**
 * The encrypted-file credential store: round trips, 0600 files, a different
 * random key per home, clear errors (and nothing lost) when the key is
 * missing, corrupt, exposed or does not match, tampering detected, and no
 * store inside a project.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { type Context, createContext } from "../../../core/context.ts";
import { SuperAgentsError } from "../../../core/errors.ts";
import {
  listSecrets,
  readStoredSecret,
  removeSecret,
  resetSecretFile,
  setSecret,
} from "../../../core/secrets/secret_store.ts";
import { secretPaths } from "../../../core/secrets/secret_paths.ts";

const silent = { write() {}, isTerminal: false };
const VALUE = "sk-ant-test-0123456789abcdef";

async function tempContext(
  extra: Record<string, string> = {},
): Promise<Context & { base: string }> {
  const base = await Deno.makeTempDir({ prefix: "sa-secrets-" });
  const env: Record<string, string> = { SUPER_AGENTS_SECRETS_BACKEND: "file", ...extra };
  const ctx = createContext({
    cwd: base,
    home: base,
    dataHome: join(base, ".super-agents"),
    env: (name) => env[name],
    stdout: silent,
    stderr: silent,
  });
  return Object.assign(ctx, { base });
}

async function rejectsWith(promise: Promise<unknown>, code: string): Promise<SuperAgentsError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof SuperAgentsError, String(error));
    assert.equal(error.code, code, error.message);
    assert.ok(error.hint, "every failure names its fix");
    return error;
  }
  assert.fail(`expected ${code}`);
}

function mode(path: string): number {
  return Deno.statSync(path).mode! & 0o777;
}

Deno.test("secrets: set, read, list, remove round trip in the encrypted file", async () => {
  const ctx = await tempContext();
  try {
    assert.equal(await setSecret(ctx, "ANTHROPIC_API_KEY", VALUE), "file");
    await setSecret(ctx, "SUPER_AGENTS_SLACK_WEBHOOK", "https://hooks.slack.test/x");
    assert.deepEqual(await readStoredSecret(ctx, "ANTHROPIC_API_KEY"), {
      value: VALUE,
      backend: "file",
    });
    const names = (await listSecrets(ctx)).map((s) => `${s.name}:${s.backend}`);
    assert.deepEqual(names, ["ANTHROPIC_API_KEY:file", "SUPER_AGENTS_SLACK_WEBHOOK:file"]);
    assert.equal(await removeSecret(ctx, "ANTHROPIC_API_KEY"), "file");
    assert.equal(await removeSecret(ctx, "ANTHROPIC_API_KEY"), undefined);
    assert.equal(await readStoredSecret(ctx, "ANTHROPIC_API_KEY"), undefined);
    const raw = await Deno.readTextFile(secretPaths(ctx).store);
    assert.ok(!raw.includes("hooks.slack.test"), "values are encrypted at rest");
  } finally {
    await Deno.remove(ctx.base, { recursive: true });
  }
});

Deno.test("secrets: files are 0600, the directory 0700, keys differ between homes", async () => {
  const a = await tempContext();
  const b = await tempContext();
  try {
    await setSecret(a, "TOKEN", VALUE);
    await setSecret(b, "TOKEN", VALUE);
    for (const ctx of [a, b]) {
      const paths = secretPaths(ctx);
      assert.equal(mode(paths.key), 0o600);
      assert.equal(mode(paths.store), 0o600);
      assert.equal(mode(paths.index), 0o600);
      assert.equal(mode(paths.dir), 0o700);
    }
    const keyA = await Deno.readTextFile(secretPaths(a).key);
    const keyB = await Deno.readTextFile(secretPaths(b).key);
    assert.notEqual(keyA, keyB);
    const idA = JSON.parse(await Deno.readTextFile(secretPaths(a).store)).keyId;
    const idB = JSON.parse(await Deno.readTextFile(secretPaths(b).store)).keyId;
    assert.notEqual(idA, idB);
    // One home's key cannot open the other's file.
    await Deno.copyFile(secretPaths(a).store, secretPaths(b).store);
    await rejectsWith(readStoredSecret(b, "TOKEN"), "SECRET_KEY_MISMATCH");
  } finally {
    await Deno.remove(a.base, { recursive: true });
    await Deno.remove(b.base, { recursive: true });
  }
});

Deno.test("secrets: a missing key is a clear error and never re-keys over stored secrets", async () => {
  const ctx = await tempContext();
  try {
    await setSecret(ctx, "TOKEN", VALUE);
    const paths = secretPaths(ctx);
    const key = await Deno.readTextFile(paths.key);
    const before = await Deno.readFile(paths.store);
    await Deno.remove(paths.key);
    const error = await rejectsWith(readStoredSecret(ctx, "TOKEN"), "SECRET_KEY_MISSING");
    assert.match(error.message, /holds 1 secret/);
    await rejectsWith(setSecret(ctx, "OTHER", "x"), "SECRET_KEY_MISSING");
    assert.deepEqual(await Deno.readFile(paths.store), before, "the store is untouched");
    await assert.rejects(Deno.stat(paths.key), Deno.errors.NotFound);
    // Restoring the key restores access: nothing was lost.
    await Deno.writeTextFile(paths.key, key, { mode: 0o600 });
    assert.equal((await readStoredSecret(ctx, "TOKEN"))?.value, VALUE);
  } finally {
    await Deno.remove(ctx.base, { recursive: true });
  }
});

Deno.test("secrets: a corrupt key is refused; reset keeps both files as backups", async () => {
  const ctx = await tempContext();
  try {
    await setSecret(ctx, "TOKEN", VALUE);
    const paths = secretPaths(ctx);
    const store = await Deno.readFile(paths.store);
    await Deno.writeTextFile(paths.key, "garbage\n");
    await rejectsWith(readStoredSecret(ctx, "TOKEN"), "SECRET_KEY_CORRUPT");
    await rejectsWith(setSecret(ctx, "TOKEN", "new"), "SECRET_KEY_CORRUPT");
    assert.deepEqual(await Deno.readFile(paths.store), store);
    const moved = await resetSecretFile(ctx);
    assert.equal(moved.length, 2);
    const backup = moved.find((path) => path.startsWith(paths.store + ".bak-"))!;
    assert.deepEqual(await Deno.readFile(backup), store, "the old secrets are kept");
    assert.deepEqual(await listSecrets(ctx), []);
    await setSecret(ctx, "TOKEN", "new");
    assert.equal((await readStoredSecret(ctx, "TOKEN"))?.value, "new");
  } finally {
    await Deno.remove(ctx.base, { recursive: true });
  }
});

Deno.test("secrets: a key readable by others is refused", async () => {
  const ctx = await tempContext();
  try {
    await setSecret(ctx, "TOKEN", VALUE);
    await Deno.chmod(secretPaths(ctx).key, 0o644);
    const error = await rejectsWith(readStoredSecret(ctx, "TOKEN"), "SECRET_KEY_EXPOSED");
    assert.match(error.hint!, /chmod 600/);
  } finally {
    await Deno.remove(ctx.base, { recursive: true });
  }
});

Deno.test("secrets: an altered ciphertext or a swapped entry fails to decrypt", async () => {
  const ctx = await tempContext();
  try {
    await setSecret(ctx, "A", "alpha-value");
    await setSecret(ctx, "B", "beta-value");
    const paths = secretPaths(ctx);
    const file = JSON.parse(await Deno.readTextFile(paths.store));
    file.entries.A = file.entries.B; // B's ciphertext under A's name
    await Deno.writeTextFile(paths.store, JSON.stringify(file));
    await rejectsWith(readStoredSecret(ctx, "A"), "SECRET_DECRYPT_FAILED");
    await Deno.writeTextFile(paths.store, "{not json");
    await rejectsWith(readStoredSecret(ctx, "B"), "SECRET_STORE_CORRUPT");
  } finally {
    await Deno.remove(ctx.base, { recursive: true });
  }
});

Deno.test("secrets: bad names, empty values, an unknown backend and a store inside a project", async () => {
  const ctx = await tempContext();
  try {
    await rejectsWith(setSecret(ctx, "../escape", VALUE), "USAGE");
    await rejectsWith(setSecret(ctx, "EMPTY", ""), "SECRET_EMPTY");
    const odd = await tempContext({ SUPER_AGENTS_SECRETS_BACKEND: "vault" });
    await rejectsWith(setSecret(odd, "X", VALUE), "SECRETS_BACKEND_INVALID");
    await Deno.remove(odd.base, { recursive: true });
    // A data home inside the current project is refused.
    await Deno.mkdir(join(ctx.base, "repo", ".claude"), { recursive: true });
    const inside = createContext({
      cwd: join(ctx.base, "repo"),
      home: ctx.base,
      dataHome: join(ctx.base, "repo", "secrets"),
      env: (name) => name === "SUPER_AGENTS_SECRETS_BACKEND" ? "file" : undefined,
      stdout: silent,
      stderr: silent,
    });
    await rejectsWith(setSecret(inside, "X", VALUE), "SECRETS_IN_PROJECT");
    await assert.rejects(Deno.stat(join(ctx.base, "repo", "secrets")), Deno.errors.NotFound);
  } finally {
    await Deno.remove(ctx.base, { recursive: true });
  }
});
