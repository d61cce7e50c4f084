/** The per-user token store: digests only, 0600, refusal of a readable file. */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  createUserToken,
  readTokenStore,
  revokeUserToken,
  tokenDigest,
} from "../../../plugins/mcp/token_store.ts";
import { createTokenVerifier } from "../../../plugins/mcp/http_auth.ts";

Deno.test("tokens are stored as digests in a 0600 file and verify until revoked", async () => {
  const dir = await Deno.makeTempDir();
  const path = join(dir, "tokens.json");
  const token = await createUserToken(path, "laptop", new Date(0));
  const text = await Deno.readTextFile(path);
  assert.ok(!text.includes(token), "the token itself is never written");
  assert.ok(text.includes(tokenDigest(token)));
  assert.equal((await Deno.stat(path)).mode! & 0o777, 0o600);
  await assert.rejects(() => createUserToken(path, "laptop", new Date()), /already exists/);
  let clock = 0;
  const verifier = createTokenVerifier({ userStorePath: path, now: () => clock });
  assert.deepEqual(await verifier.verify(token), { clientId: "token/laptop", scopes: ["admin"] });
  assert.equal(await verifier.verify(token + "x"), undefined);
  assert.equal(await verifier.verify(""), undefined);
  assert.equal(await revokeUserToken(path, "laptop"), true);
  assert.equal(await revokeUserToken(path, "laptop"), false);
  clock += 2000; // past the verifier's one-second cache
  assert.equal(await verifier.verify(token), undefined);
  assert.deepEqual(await readTokenStore(path), []);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a store other users can read is refused, a malformed one explained", async () => {
  const dir = await Deno.makeTempDir();
  const path = join(dir, "tokens.json");
  await Deno.writeTextFile(path, JSON.stringify({ version: 1, tokens: [] }), { mode: 0o644 });
  await Deno.chmod(path, 0o644);
  await assert.rejects(() => readTokenStore(path), /readable by other users/);
  await Deno.chmod(path, 0o600);
  await Deno.writeTextFile(path, "{nope");
  await assert.rejects(() => readTokenStore(path), /is not JSON/);
  await Deno.writeTextFile(path, JSON.stringify({ version: 1, tokens: [{ name: "x" }] }));
  await assert.rejects(() => readTokenStore(path), /is malformed/);
  assert.deepEqual(await readTokenStore(join(dir, "missing.json")), []);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("the project token verifies as the project", async () => {
  const verifier = createTokenVerifier({ projectToken: "secret-project-token" });
  assert.deepEqual(await verifier.verify("secret-project-token"), {
    clientId: "project",
    scopes: ["admin"],
  });
  assert.equal(await verifier.verify("secret-project-tokem"), undefined);
});
