/**
 * KnowledgeStore: dedup, BM25 ranking on a corpus with known answers,
 * filters, cache invalidation, migrations, the registry tables, the
 * embeddings hook, and errors that reach the caller.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import type { SuperAgentsError } from "../../../../core/errors.ts";
import { KnowledgeInputSchema } from "../../../../plugins/km/schemas.ts";
import type { EmbeddingProvider } from "../../../../plugins/km/store/embeddings.ts";
import { KnowledgeStore } from "../../../../plugins/km/store/knowledge_store.ts";
import { MIGRATIONS } from "../../../../plugins/km/store/migrations.ts";

async function withStore(fn: (store: KnowledgeStore, path: string) => Promise<void> | void) {
  const dir = await Deno.makeTempDir({ prefix: "km-store-" });
  const path = join(dir, "registry", "registry.db");
  const store = await KnowledgeStore.open(path, { now: () => Date.UTC(2025, 0, 1) });
  try {
    await fn(store, path);
  } finally {
    store.close();
    await Deno.remove(dir, { recursive: true });
  }
}

const item = (title: string, content: string, extra: Record<string, unknown> = {}) =>
  KnowledgeInputSchema.parse({ title, content, ...extra });

const corpus = [
  item("Authentication with JWT", "Access tokens are JWTs signed with RS256, kept in cookies.", {
    type: "decision",
    task: "auth",
    tags: ["security"],
  }),
  item("Database migrations", "Schema changes run through numbered SQL migrations at startup.", {
    type: "howto",
  }),
  item("Retry policy", "HTTP clients retry 429 and 529 with exponential backoff and jitter.", {
    type: "decision",
    task: "resilience",
  }),
  item("Logging format", "Logs are JSON lines; rotate by size; include correlation ids.", {
    type: "convention",
  }),
  item(
    "Cookie settings",
    "Cookies are HttpOnly and SameSite=Lax; a token never goes in them twice.",
    {
      type: "convention",
      task: "auth",
    },
  ),
];

Deno.test("search ranks the relevant item first on a small corpus", () =>
  withStore((store) => {
    for (const entry of corpus) store.add(entry);
    const titles = (q: string, extra = {}) =>
      store.search({ q, limit: 10, ...extra }).map((hit) => hit.item.title);
    assert.equal(titles("jwt")[0], "Authentication with JWT");
    assert.equal(titles("exponential backoff retry")[0], "Retry policy");
    assert.equal(titles("how do migrations work?")[0], "Database migrations");
    // Title outweighs content: "cookie" is in the title of one item, in the content of another.
    assert.deepEqual(titles("cookie").slice(0, 2), ["Cookie settings", "Authentication with JWT"]);
    assert.deepEqual(titles("tokens", { type: "convention" }), ["Cookie settings"]);
    assert.deepEqual(titles("cookies", { task: "auth", type: "decision" }), [
      "Authentication with JWT",
    ]);
    assert.deepEqual(titles("security"), ["Authentication with JWT"]); // tags are indexed
    assert.deepEqual(titles('"unbalanced (quote* OR'), []); // no FTS syntax error
    assert.deepEqual(titles("zebra"), []);
  }));

Deno.test("identical title and content is stored once", () =>
  withStore((store) => {
    const first = store.add(corpus[0]);
    const again = store.add({ ...corpus[0], tags: ["other"] });
    assert.equal(first.duplicate, false);
    assert.equal(again.duplicate, true);
    assert.equal(again.item.id, first.item.id);
    assert.equal(store.counts().knowledge, 1);
    assert.equal(first.item.createdAt, "2025-01-01T00:00:00.000Z");
  }));

Deno.test("a write clears the search cache, so new items are found", () =>
  withStore((store) => {
    store.add(corpus[0]);
    assert.equal(store.search({ q: "backoff", limit: 5 }).length, 0);
    assert.equal(store.search({ q: "backoff", limit: 5 }).length, 0);
    assert.equal(store.cacheStats().hits, 1);
    store.add(corpus[2]);
    assert.equal(store.search({ q: "backoff", limit: 5 })[0].item.title, "Retry policy");
    const id = store.search({ q: "backoff", limit: 5 })[0].item.id;
    assert.equal(store.delete(id), true);
    assert.equal(store.search({ q: "backoff", limit: 5 }).length, 0);
    assert.equal(store.delete(id), false);
  }));

Deno.test("list filters by type and task, newest first", () =>
  withStore((store) => {
    for (const entry of corpus) store.add(entry);
    const list = store.list({ type: "decision", limit: 10, offset: 0 });
    assert.deepEqual(list.map((i) => i.title), ["Retry policy", "Authentication with JWT"]);
    assert.deepEqual(store.list({ task: "auth", limit: 1, offset: 1 }).map((i) => i.title), [
      "Authentication with JWT",
    ]);
  }));

Deno.test("migrations set user_version, are idempotent, and refuse a newer schema", async () => {
  const dir = await Deno.makeTempDir({ prefix: "km-migrate-" });
  const path = join(dir, "registry.db");
  try {
    (await KnowledgeStore.open(path)).close();
    (await KnowledgeStore.open(path)).close();
    const db = new DatabaseSync(path);
    assert.deepEqual({ ...db.prepare("PRAGMA user_version").get() }, {
      user_version: MIGRATIONS.length,
    });
    assert.equal(
      (db.prepare("PRAGMA journal_mode").get() as { journal_mode: string }).journal_mode,
      "wal",
    );
    db.exec(`PRAGMA user_version = ${MIGRATIONS.length + 1}`);
    db.close();
    await assert.rejects(KnowledgeStore.open(path), (error: SuperAgentsError) => {
      assert.equal(error.code, "KM_DB_MIGRATE");
      assert.match(error.message, /newer than this program knows/);
      return true;
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a failed statement reaches the caller as a SuperAgentsError", () =>
  withStore((store, path) => {
    store.close();
    assert.throws(() => store.add(corpus[0]), (error: SuperAgentsError) => {
      assert.equal(error.code, "KM_STORE_WRITE");
      assert.ok(error.message.includes(path));
      return true;
    });
  }));

Deno.test("registry tables: files upsert, contract versions, numbered ADRs", () =>
  withStore((store) => {
    const files = store.registry;
    files.upsertFile({ path: "src/a.ts", component: "api", ownerAgent: "developer-agent" });
    files.upsertFile({
      path: "src/a.ts",
      component: "api",
      ownerAgent: "reviewer-agent",
      hash: "h",
    });
    files.upsertFile({ path: "src/b.ts", component: "ui" });
    assert.deepEqual(
      files.listFiles({ component: "api", limit: 10 }).map((f) => [f.path, f.ownerAgent, f.hash]),
      [["src/a.ts", "reviewer-agent", "h"]],
    );
    files.putContract({ component: "api", version: "1.0.0", spec: { paths: 1 } });
    files.putContract({ component: "api", version: "1.1.0", spec: { paths: 2 } });
    files.putContract({ component: "api", version: "1.0.0", spec: { paths: 3 } });
    assert.deepEqual(files.listContracts("api").map((c) => [c.version, c.spec.paths]), [
      ["1.1.0", 2],
      ["1.0.0", 3],
    ]);
    const first = files.createAdr({
      title: "Use SQLite",
      status: "proposed",
      context: "c",
      decision: "d",
      consequences: "",
    });
    const second = files.createAdr({
      title: "Use Deno",
      status: "accepted",
      context: "c",
      decision: "d",
      consequences: "x",
    });
    assert.deepEqual([first.number, second.number], [1, 2]);
    assert.equal(files.setAdrStatus(1, "superseded")?.status, "superseded");
    assert.equal(files.setAdrStatus(9, "accepted"), undefined);
    assert.deepEqual(store.counts(), { knowledge: 0, files: 2, contracts: 2, adrs: 2 });
  }));

Deno.test("embeddings hook: vectors are computed once and rank by cosine", async () => {
  const words = ["jwt", "token", "retry", "backoff", "migration", "schema"];
  let calls = 0;
  const provider: EmbeddingProvider = {
    model: "bag-of-words-test",
    embed(texts) {
      calls++;
      return Promise.resolve(texts.map((text) => {
        const lower = text.toLowerCase();
        return Float32Array.from(words, (word) => lower.split(word).length - 1);
      }));
    },
  };
  const dir = await Deno.makeTempDir({ prefix: "km-embed-" });
  const store = await KnowledgeStore.open(join(dir, "r.db"), { embeddings: provider });
  try {
    for (const entry of corpus) store.add(entry);
    assert.equal(await store.indexEmbeddings(), corpus.length);
    assert.equal(await store.indexEmbeddings(), 0);
    const callsAfterIndex = calls;
    const similar = await store.similar("retry with backoff", 2);
    assert.equal(similar[0].item.title, "Retry policy");
    assert.equal(calls, callsAfterIndex + 1);
  } finally {
    store.close();
    await Deno.remove(dir, { recursive: true });
  }
  const plainDir = await Deno.makeTempDir({ prefix: "km-plain-" });
  const plain = await KnowledgeStore.open(join(plainDir, "p.db"));
  try {
    await assert.rejects(plain.similar("x"), /no embeddings provider/);
  } finally {
    plain.close();
    await Deno.remove(plainDir, { recursive: true });
  }
});
