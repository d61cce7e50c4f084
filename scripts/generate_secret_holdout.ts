/**
 * A held-out secret-scan corpus, written independently of the scanner's rules
 * and of `tests/fixtures/secret_corpus/`: fake credentials planted the way real
 * repositories leak them, next to decoys a good scanner must not block.
 *
 * Everything is generated at run time (random bytes, checksums computed, keys
 * freshly made with node:crypto), so this file holds no secret.
 *
 *   deno run -A scripts/generate_secret_holdout.ts [out-dir]
 *
 * writes `<out-dir>/corpus/…` (the files to scan) and `<out-dir>/ground_truth.json`
 * (file, line, endLine, kind, truth planted|decoy, expect, shape, why — never the value).
 *
 * `expect` is what a reasonable reviewer would want:
 *   block          planted: the commit must be blocked
 *   flag           planted where a warning is enough (docs)
 *   may-warn       decoy: a warning is tolerable, a block is a false alarm
 *   must-not-flag  decoy: any finding is a false alarm
 */
import { Buffer } from "node:buffer";
import { join } from "node:path";
import { Builder } from "./secret_holdout/builder.ts";
import type { HoldoutCorpus } from "./secret_holdout/tokens.ts";
import { plantChat, plantCloud, plantSourcePlatforms } from "./secret_holdout/planted_cloud_ci.ts";
import {
  plantAiProviders,
  plantContainers,
  plantEmailSms,
  plantPayments,
  plantRegistries,
} from "./secret_holdout/planted_services.ts";
import {
  plantConfigPasswords,
  plantCredentialFiles,
  plantJwt,
  plantPrivateKeys,
  plantServiceUrls,
} from "./secret_holdout/planted_keys_configs.ts";
import { plantBlindSpots, plantSourceStrings } from "./secret_holdout/planted_source_blind.ts";
import {
  decoyDocumentedExamples,
  decoyHashes,
  decoyPlaceholders,
  decoyPublicKeys,
} from "./secret_holdout/decoys_examples.ts";
import {
  decoyEncrypted,
  decoyIdsEncoded,
  decoyPublicByDesign,
  decoyTestFixtures,
} from "./secret_holdout/decoys_data.ts";

export {
  BASE62,
  base62,
  checksummedToken,
  crc32,
  type Expect,
  type HoldoutCorpus,
  type HoldoutItem,
  pypiToken,
  type Truth,
  validChecksum,
  validPypiToken,
} from "./secret_holdout/tokens.ts";

// ---------------------------------------------------------------- the corpus

export function generateHoldout(): HoldoutCorpus {
  const b = new Builder();
  plantCloud(b);
  plantSourcePlatforms(b);
  plantChat(b);
  plantPayments(b);
  plantEmailSms(b);
  plantAiProviders(b);
  plantRegistries(b);
  plantContainers(b);
  plantJwt(b);
  plantPrivateKeys(b);
  plantCredentialFiles(b);
  plantServiceUrls(b);
  plantConfigPasswords(b);
  plantSourceStrings(b);
  plantBlindSpots(b);
  decoyPlaceholders(b);
  decoyDocumentedExamples(b);
  decoyPublicKeys(b);
  decoyHashes(b);
  decoyIdsEncoded(b);
  decoyEncrypted(b);
  decoyTestFixtures(b);
  decoyPublicByDesign(b);

  // ---------------------------------------------------------------- encode
  const files = new Map<string, Uint8Array>();
  for (const [file, lines] of b.text) {
    const text = lines.join("\n") + "\n";
    const encoding = b.encodings.get(file);
    if (encoding === "utf16le") {
      const body = Buffer.from(text.replace(/\n/g, "\r\n"), "utf16le");
      files.set(file, new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), body])));
    } else files.set(file, new TextEncoder().encode(text));
  }
  return { files, items: b.items };
}

/** Ground truth as written to disk: everything but the values. */
export function groundTruth(corpus: HoldoutCorpus) {
  return {
    generator: "scripts/generate_secret_holdout.ts",
    planted: corpus.items.filter((i) => i.truth === "planted").length,
    decoys: corpus.items.filter((i) => i.truth === "decoy").length,
    items: corpus.items.map(({ value: _value, ...rest }) => rest),
  };
}

export async function writeHoldout(outDir: string): Promise<HoldoutCorpus> {
  const corpus = generateHoldout();
  for (const [file, bytes] of corpus.files) {
    const path = join(outDir, "corpus", file);
    await Deno.mkdir(join(path, ".."), { recursive: true });
    await Deno.writeFile(path, bytes);
  }
  await Deno.writeTextFile(
    join(outDir, "ground_truth.json"),
    JSON.stringify(groundTruth(corpus), null, 2) + "\n",
  );
  return corpus;
}

if (import.meta.main) {
  const outDir = Deno.args[0] ?? await Deno.makeTempDir({ prefix: "secret-holdout-" });
  const corpus = await writeHoldout(outDir);
  const truth = groundTruth(corpus);
  console.log(
    `${outDir}: ${corpus.files.size} files, ${truth.planted} planted, ${truth.decoys} decoys`,
  );
}
