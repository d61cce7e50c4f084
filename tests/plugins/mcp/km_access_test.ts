/** KM access: over HTTP when the state files name a KM, else the store; errors keep their codes. */
import assert from "node:assert/strict";
import { addKnowledge, getKnowledge, searchKnowledge } from "../../../plugins/km/handlers/mod.ts";
import { writeKmState } from "../../../plugins/km/state.ts";
import { createKmAccess } from "../../../plugins/mcp/km_access.ts";
import { startTestKm } from "../../support/mcp_km.ts";

Deno.test("with a KM in the state files, calls go over HTTP and errors keep their meaning", async () => {
  const root = await Deno.makeTempDir({ prefix: "mcp-km-access-" });
  const km = await startTestKm(root);
  const port = Number(new URL(km.base).port);
  await writeKmState(km.paths, {
    port,
    pid: Deno.pid,
    token: km.token,
    started: { startedAt: Date.now(), nonce: "n", host: "127.0.0.1", version: "test" },
  });
  const access = createKmAccess(km.paths);
  try {
    assert.equal(access.mode, "unused");
    const saved = await access.call(addKnowledge, { title: "via http", content: "yes" }) as {
      item: { id: number };
    };
    assert.equal(access.mode, "http");
    assert.equal(km.store.get(saved.item.id)?.title, "via http");
    const hits = await access.call(searchKnowledge, { q: "http" }) as { hits: unknown[] };
    assert.equal(hits.hits.length, 1);
    await assert.rejects(
      () => access.call(getKnowledge, { id: 999 }),
      (error: Error & { code?: string }) => {
        assert.equal(error.code, "NOT_FOUND");
        assert.match(error.message, /knowledge item 999 not found/);
        return true;
      },
    );
  } finally {
    access.close();
    await km.stop();
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("without a KM, calls open the store directly and validate input", async () => {
  const root = await Deno.makeTempDir({ prefix: "mcp-km-access-" });
  const { projectPaths } = await import("../../../core/paths.ts");
  const access = createKmAccess(projectPaths(root));
  try {
    await Deno.mkdir(`${root}/.claude/registry`, { recursive: true });
    await access.call(addKnowledge, { title: "direct", content: "store" });
    assert.equal(access.mode, "direct");
    await assert.rejects(() => access.call(addKnowledge, { title: "" }), /knowledge\.add/);
  } finally {
    access.close();
    await Deno.remove(root, { recursive: true });
  }
});
