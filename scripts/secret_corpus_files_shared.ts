/**
 * What the secret corpus's file templates share: the line constructors and
 * the random draws and keys one run of `corpusFiles` uses.
 * @module
 */

import type { CorpusLine } from "./generate_secret_corpus.ts";
import type { Random } from "./secret_corpus_tokens.ts";

/** A line that plants the fake credential `planted`. */
export const P = (planted: string, text: string): CorpusLine => ({ text, planted });
/** A line that holds the decoy `decoy`, which no scanner should report. */
export const D = (decoy: string, text: string): CorpusLine => ({ text, decoy });
/** The base-62 alphabet, a decoy that looks like a long token. */
export const B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** The random source, its draw helpers and the keys one corpus run shares. */
export interface CorpusContext {
  r: Random;
  a: (n: number) => string;
  h: (n: number) => string;
  w: (n: number) => string;
  lower: (n: number) => string;
  pem: { rsa8: string; ec8: string; rsa1: string; sec1: string; kube: string };
  awsId: string;
  awsSecret: string;
}
