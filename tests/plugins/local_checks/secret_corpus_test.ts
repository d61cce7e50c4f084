/**
 * The secret scan scored on the committed corpus (tests/fixtures/secret_corpus,
 * written by scripts/generate_secret_corpus.ts): every planted fake
 * credential is found on its line by its rule, no decoy blocks a commit, and
 * no finding lands on a line that holds neither. A second test regenerates
 * the corpus into a temp dir and compares, so the committed files and the
 * script cannot drift apart.
 * @module
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { CORPUS_SEED, generateSecretCorpus } from "../../../scripts/generate_secret_corpus.ts";
import {
  corpusFilesOf,
  readTruth,
  scanCorpus,
  scoreCorpus,
} from "../../../scripts/secret_corpus_score.ts";

const CORPUS = join(import.meta.dirname!, "..", "..", "fixtures", "secret_corpus");

Deno.test("secret corpus: every planted secret is found by its rule on its line", async () => {
  const truth = await readTruth(CORPUS);
  const score = scoreCorpus(truth, await scanCorpus(CORPUS), true);
  assert.ok(score.planted >= 60, `the corpus plants ${score.planted} secrets`);
  assert.deepEqual(score.missed, []);
});

Deno.test("secret corpus: no decoy blocks, and none is flagged at all", async () => {
  const truth = await readTruth(CORPUS);
  const score = scoreCorpus(truth, await scanCorpus(CORPUS), true);
  assert.ok(score.decoys >= 50, `the corpus has ${score.decoys} decoys`);
  assert.deepEqual(score.blocking, []);
  assert.deepEqual(score.flagged, []);
  assert.deepEqual(score.other, []);
});

Deno.test("secret corpus: covers every kind of decoy the scan must not block", async () => {
  const whats = (await readTruth(CORPUS)).items.map((item) => item.what ?? "").join("\n");
  for (
    const kind of [
      "GitHub token placeholder",
      "Stripe key placeholder",
      "postgres dev default on localhost",
      "guest dev default on localhost",
      "Stripe publishable key",
      "reCAPTCHA site key",
      "jwt.io example token",
      "key from os.environ",
      "reference",
      "placeholder in angle brackets",
      "BASE62 alphabet constant",
      "AWS documentation example",
    ]
  ) assert.ok(whats.includes(kind), `no decoy "${kind}"`);
});

/** PEM bodies are generated fresh each time; everything else must match byte for byte. */
function normalized(text: string): string {
  return text.replace(/LS0tLS1CRUdJTi[A-Za-z0-9+/=]{80,}/g, "<key>").replace(
    /(-----BEGIN [A-Z ]*PRIVATE KEY-----)(?:\\n|\n)[\s\S]*?(?:\\n|\n)(-----END [A-Z ]*PRIVATE KEY-----)/g,
    "$1<body>$2",
  );
}

Deno.test("secret corpus: the generator reproduces the committed corpus", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const truth = await generateSecretCorpus(dir, CORPUS_SEED);
    assert.deepEqual(truth, await readTruth(CORPUS));
    const fresh = await corpusFilesOf(dir);
    const committed = await corpusFilesOf(CORPUS);
    assert.deepEqual(fresh.map((f) => f.path), committed.map((f) => f.path));
    const decoder = new TextDecoder();
    for (const [i, file] of fresh.entries()) {
      assert.equal(
        normalized(decoder.decode(file.content)),
        normalized(decoder.decode(committed[i].content)),
        `${file.path} differs from what the generator writes`,
      );
    }
    // The regenerated corpus scores the same: the keys in it are fresh and still found.
    assert.deepEqual(scoreCorpus(truth, await scanCorpus(dir), true).missed, []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
