/**
 * Concurrency: many worker processes open a project's new outcome history
 * at the same moment (two `worker` processes started together did see
 * "database is locked"). Each process loads the store, says it is ready,
 * and opens the history when a go file appears: all at once. Every one of
 * them opens it.
 */
import assert from "node:assert/strict";
import { join } from "node:path";

const STORE = new URL("../../../plugins/analytics/history/outcome_store.ts", import.meta.url).href;
const PROCESSES = 12;

Deno.test(`outcome history: ${PROCESSES} processes opening a new history at once all succeed`, async () => {
  const dir = await Deno.makeTempDir({ prefix: "sa-history-" });
  try {
    const path = join(dir, "state", "analytics.db");
    const go = join(dir, "go");
    const script = `import { openOutcomeStore } from ${JSON.stringify(STORE)};
console.log("ready");
for (;;) { try { Deno.statSync(${JSON.stringify(go)}); break; } catch { /* not yet */ } }
openOutcomeStore(${JSON.stringify(path)});
console.log("opened");`;
    const children = Array.from({ length: PROCESSES }, () =>
      new Deno.Command(Deno.execPath(), {
        args: ["eval", "--cached-only", script],
        stdout: "piped",
        stderr: "piped",
      }).spawn());
    // Wait until every process has loaded the store, then let them all open it together.
    const readers = children.map((child) => child.stdout.getReader());
    const decoder = new TextDecoder();
    const firsts = await Promise.all(readers.map((reader) => reader.read()));
    for (const first of firsts) assert.match(decoder.decode(first.value), /^ready/);
    await Deno.writeTextFile(go, "");
    const rests = await Promise.all(readers.map(async (reader) => {
      let text = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return text;
        text += decoder.decode(value);
      }
    }));
    const statuses = await Promise.all(children.map(async (child) => {
      const stderr = decoder.decode(
        (await child.stderr.getReader().read()).value ?? new Uint8Array(),
      );
      return { status: await child.status, stderr };
    }));
    statuses.forEach(({ status, stderr }, i) => {
      assert.equal(status.code, 0, stderr);
      assert.match(rests[i], /opened/);
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
