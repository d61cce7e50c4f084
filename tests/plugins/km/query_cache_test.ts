/** The LRU query cache evicts the least recently used entry and counts hits. */
import assert from "node:assert/strict";
import { QueryCache } from "../../../plugins/km/store/query_cache.ts";

Deno.test("LRU eviction order and hit/miss counts", () => {
  const cache = new QueryCache<number>(2);
  cache.set("a", 1);
  cache.set("b", 2);
  assert.equal(cache.get("a"), 1); // a is now most recent
  cache.set("c", 3); // evicts b
  assert.equal(cache.get("b"), undefined);
  assert.equal(cache.get("c"), 3);
  assert.deepEqual(cache.stats(), { size: 2, hits: 2, misses: 1 });
  cache.clear();
  assert.equal(cache.get("a"), undefined);
  const disabled = new QueryCache<number>(0);
  disabled.set("a", 1);
  assert.equal(disabled.get("a"), undefined);
});
