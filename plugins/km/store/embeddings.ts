/**
 * The optional embeddings hook of the knowledge store. No model ships with
 * super-agents; a caller that has one (a local model, an API) passes an
 * `EmbeddingProvider` and gets vector similarity search next to FTS5.
 * @module
 */

/** Turns texts into vectors of a fixed dimension. */
export interface EmbeddingProvider {
  /** Identifies the model; vectors from another model are re-computed. */
  readonly model: string;
  embed(texts: string[]): Promise<Float32Array[]>;
}

/** Cosine similarity of two vectors of equal length (0 when either is zero). */
export function cosineSimilarity(a: Float32Array, b: Float32Array): number {
  let dot = 0, normA = 0, normB = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    normA += a[i] * a[i];
    normB += b[i] * b[i];
  }
  return normA === 0 || normB === 0 ? 0 : dot / Math.sqrt(normA * normB);
}

/** The bytes of a vector, for a BLOB column. */
export function vectorToBytes(vector: Float32Array): Uint8Array {
  return new Uint8Array(
    vector.buffer.slice(vector.byteOffset, vector.byteOffset + vector.byteLength),
  );
}

/** A vector from BLOB bytes. */
export function bytesToVector(bytes: Uint8Array): Float32Array {
  const copy = bytes.slice();
  return new Float32Array(copy.buffer, 0, copy.byteLength / 4);
}
