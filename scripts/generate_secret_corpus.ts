/**
 * Writes the secret-scan corpus: files of many kinds holding planted fake
 * credentials (every format the scan supports, GitHub and npm tokens with
 * valid checksums, PyPI macaroons, freshly generated private keys, passwords
 * in configuration files) and decoys that look like secrets but are not
 * (placeholders, references, development defaults, public keys, documented
 * examples), with `ground_truth.json` listing file, line and rule of each.
 * Everything random comes from a seeded generator, so the corpus contains no
 * real secret and regenerates identically (private key bodies aside).
 *
 *     deno run -A scripts/generate_secret_corpus.ts [dir]   # default tests/fixtures/secret_corpus
 * @module
 */

import { dirname, join } from "node:path";
import { credentialCorpusFiles } from "./secret_corpus_credential_files.ts";
import { corpusFiles } from "./secret_corpus_files.ts";

/** One planted secret or decoy. */
export interface TruthItem {
  file: string;
  line: number;
  kind: "planted" | "decoy";
  /** The rule that must find a planted item. */
  rule?: string;
  /** What a decoy is. */
  what?: string;
}

/** The corpus's ground truth. */
export interface GroundTruth {
  seed: number;
  items: TruthItem[];
}

/** A line of a corpus file: plain, or holding a planted secret or a decoy. */
export type CorpusLine = string | { text: string; planted: string } | {
  text: string;
  decoy: string;
};

/** How a corpus file's text is stored. */
export type Encoding = "utf-8" | "utf-16le-bom" | "utf-16be" | "binary";

/** One corpus file. */
export interface CorpusFile {
  path: string;
  lines: CorpusLine[];
  encoding?: Encoding;
}

/** The default seed of the committed corpus. */
export const CORPUS_SEED = 19;
/** The ground truth's file name inside the corpus directory. */
export const TRUTH_FILE = "ground_truth.json";

/**
 * Generates the corpus into `dir` and returns its ground truth.
 *
 * @example
 * ```ts
 * const truth = await generateSecretCorpus(await Deno.makeTempDir());
 * truth.items.filter((item) => item.kind === "planted").length; // 60-odd
 * ```
 */
export async function generateSecretCorpus(dir: string, seed = CORPUS_SEED): Promise<GroundTruth> {
  const items: TruthItem[] = [];
  for (const file of [...await corpusFiles(seed), ...credentialCorpusFiles(seed)]) {
    const texts: string[] = [];
    let lineNumber = 1;
    for (const line of file.lines) {
      const text = typeof line === "string" ? line : line.text;
      if (typeof line !== "string") {
        items.push(
          "planted" in line
            ? { file: file.path, line: lineNumber, kind: "planted", rule: line.planted }
            : { file: file.path, line: lineNumber, kind: "decoy", what: line.decoy },
        );
      }
      texts.push(text);
      lineNumber += text.split("\n").length;
    }
    const target = join(dir, file.path);
    await Deno.mkdir(dirname(target), { recursive: true });
    await Deno.writeFile(target, encode(texts.join("\n") + "\n", file.encoding ?? "utf-8", seed));
  }
  const truth: GroundTruth = { seed, items };
  await Deno.writeTextFile(join(dir, TRUTH_FILE), JSON.stringify(truth, null, 2) + "\n");
  return truth;
}

function encode(text: string, encoding: Encoding, seed: number): Uint8Array {
  if (encoding === "utf-8") return new TextEncoder().encode(text);
  if (encoding === "utf-16le-bom" || encoding === "utf-16be") {
    const le = encoding === "utf-16le-bom";
    const out = new Uint8Array(text.length * 2 + (le ? 2 : 0));
    let at = 0;
    if (le) out.set([0xff, 0xfe], at), at += 2;
    for (let i = 0; i < text.length; i++, at += 2) {
      const code = text.charCodeAt(i);
      out[at] = le ? code & 0xff : code >> 8;
      out[at + 1] = le ? code >> 8 : code & 0xff;
    }
    return out;
  }
  // binary: random bytes (seeded) around the text's lines
  let state = seed;
  const noise = (n: number) =>
    Uint8Array.from({ length: n }, () => (state = (state * 1103515245 + 12345) >>> 0) >>> 24);
  const parts: Uint8Array[] = [];
  for (const line of text.split("\n")) {
    parts.push(noise(48).map((b) => (b === 0x0a ? 0 : b)), new TextEncoder().encode(line + "\n"));
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) out.set(part, at), at += part.length;
  return out;
}

if (import.meta.main) {
  const dir = Deno.args[0] ??
    join(dirname(new URL(import.meta.url).pathname), "..", "tests", "fixtures", "secret_corpus");
  await Deno.remove(dir, { recursive: true }).catch(() => {/* not there yet */});
  const truth = await generateSecretCorpus(dir);
  const planted = truth.items.filter((item) => item.kind === "planted").length;
  console.log(`${dir}: ${planted} planted, ${truth.items.length - planted} decoys`);
}
