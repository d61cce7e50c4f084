/**
 * The bounded-cost rules of `knowledge_ranker.ts`: words found in more than
 * half of the newest items are stop words (dropped, or newest-first when the
 * query has nothing else), more than RANK_WINDOW matches rank the newest
 * window, and small stores are ranked exactly as before.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { RANK_WINDOW, STOP_SAMPLE } from "../../../../plugins/km/store/knowledge_ranker.ts";
import { KnowledgeStore } from "../../../../plugins/km/store/knowledge_store.ts";

async function withStore(fn: (store: KnowledgeStore) => void) {
  const dir = await Deno.makeTempDir({ prefix: "km-ranker-" });
  const store = await KnowledgeStore.open(join(dir, "registry.db"), { cacheSize: 0 });
  try {
    fn(store);
  } finally {
    store.close();
    await Deno.remove(dir, { recursive: true });
  }
}

/** `count` filler items that all contain `word` (and a unique number). */
function fill(store: KnowledgeStore, count: number, word: string, offset = 0) {
  for (let i = offset; i < offset + count; i++) {
    store.add({ title: `note ${i}`, content: `${word} filler text ${i}`, type: "note", tags: [] });
  }
}

Deno.test("a word in most of the newest items is a stop word: the rarer word decides", () =>
  withStore((store) => {
    store.add({ title: "Retry budget", content: "backoff and jitter", type: "note", tags: [] });
    fill(store, STOP_SAMPLE, "common");
    // "common backoff": no item has both, but "common" is a stop word, so "backoff" ranks.
    const hits = store.search({ q: "common backoff", limit: 5 });
    assert.deepEqual(hits.map((hit) => hit.item.title), ["Retry budget"]);
    assert.ok(hits[0].score < 0, "ranked by BM25");
  }));

Deno.test("a query of stop words only returns its matches newest first", () =>
  withStore((store) => {
    fill(store, STOP_SAMPLE + 10, "common");
    const hits = store.search({ q: "common filler", limit: 3 });
    assert.deepEqual(hits.map((hit) => hit.item.title), [
      `note ${STOP_SAMPLE + 9}`,
      `note ${STOP_SAMPLE + 8}`,
      `note ${STOP_SAMPLE + 7}`,
    ]);
    assert.deepEqual(hits.map((hit) => hit.score), [0, 0, 0]);
  }));

Deno.test("what is a stop word is learnt again after every write", () =>
  withStore((store) => {
    store.add({ title: "Retry budget", content: "backoff and jitter", type: "note", tags: [] });
    fill(store, STOP_SAMPLE, "filler");
    // "rare" is in no item yet: not a stop word, and "rare backoff" matches nothing with both.
    assert.deepEqual(store.search({ q: "rare backoff", limit: 5 }).map((h) => h.item.title), [
      "Retry budget", // no item has both words: any word matches
    ]);
    fill(store, STOP_SAMPLE, "rare", STOP_SAMPLE);
    // Now "rare" is in every one of the newest items: a stop word, so "backoff" alone decides.
    const hits = store.search({ q: "rare backoff", limit: 5 });
    assert.deepEqual(hits.map((hit) => hit.item.title), ["Retry budget"]);
    assert.ok(hits[0].score < 0, "ranked by BM25 on the word that is left");
    // Had the verdict on "rare" been kept, every "rare" item would match the OR query too.
  }));

Deno.test("below the stop-word sample size a common word still filters and ranks", () =>
  withStore((store) => {
    store.add({ title: "Retry budget", content: "backoff and jitter", type: "note", tags: [] });
    store.add({ title: "Common retry", content: "common backoff", type: "note", tags: [] });
    fill(store, 20, "common");
    const hits = store.search({ q: "common backoff", limit: 5 });
    assert.deepEqual(hits.map((hit) => hit.item.title), ["Common retry"], "every word required");
    assert.ok(hits[0].score < 0, "ranked by BM25");
  }));

Deno.test("more matches than the window: BM25 ranks the newest window", () =>
  withStore((store) => {
    // An old item with the best possible match, then a window's worth of newer weak matches
    // among enough unrelated items that "alpha" stays below the stop-word share.
    store.add({ title: "alpha alpha", content: "alpha", type: "note", tags: [] });
    fill(store, RANK_WINDOW + 5, "alpha");
    fill(store, RANK_WINDOW * 3, "unrelated", RANK_WINDOW + 5);
    store.add({ title: "alpha guide", content: "alpha", type: "note", tags: [] });
    const hits = store.search({ q: "alpha", limit: 3 });
    assert.equal(hits[0].item.title, "alpha guide", "the best match in the window comes first");
    assert.ok(!hits.some((hit) => hit.item.title === "alpha alpha"), "outside the window");
    assert.ok(hits.every((hit) => hit.score < 0));
  }));
