/**
 * The files of the secret corpus: which fake credential or decoy goes on
 * which line of which kind of file. Read by `generate_secret_corpus.ts`.
 * @module
 */

import type { CorpusFile } from "./generate_secret_corpus.ts";
import { ALNUM, HEX, privateKeyPem, Random } from "./secret_corpus_tokens.ts";
import { codeFiles } from "./secret_corpus_files_code.ts";
import { configFiles } from "./secret_corpus_files_config.ts";
import { keyAndDocFiles } from "./secret_corpus_files_keys_docs.ts";
import { otherFormatFiles } from "./secret_corpus_files_other.ts";
import type { CorpusContext } from "./secret_corpus_files_shared.ts";

/** The corpus files for `seed`. */
export async function corpusFiles(seed: number): Promise<CorpusFile[]> {
  const r = new Random(seed);
  const a = (n: number) => r.chars(ALNUM, n);
  const h = (n: number) => r.chars(HEX, n);
  const w = (n: number) => r.chars(ALNUM + "_-", n);
  const lower = (n: number) => r.chars("abcdefghijklmnopqrstuvwxyz0123456789", n);
  const pem = {
    rsa8: await privateKeyPem("pkcs8-rsa"),
    ec8: await privateKeyPem("pkcs8-ec"),
    rsa1: await privateKeyPem("pkcs1-rsa"),
    sec1: await privateKeyPem("sec1-ec"),
    kube: await privateKeyPem("pkcs8-ec"),
  };
  const awsId = "AKIA" + r.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
  const awsSecret = r.chars(ALNUM + "/+", 38) + "a1";
  const c: CorpusContext = { r, a, h, w, lower, pem, awsId, awsSecret };
  // Each group draws from `r` in turn, so their order is the corpus's order.
  return [
    ...codeFiles(c),
    ...configFiles(c),
    ...keyAndDocFiles(c),
    ...otherFormatFiles(c),
  ];
}
