/**
 * A reusable UTF-8 buffer for the lines of one write. `TextEncoder.encode`
 * allocates a new buffer per call, which costs more than encoding itself
 * for event-sized strings; `encodeInto` a kept buffer does not.
 * @module
 */

const encoder = new TextEncoder();
/** A buffer grown past this for a large batch is not kept. */
const KEEP_BYTES = 1 << 20;

/** Collects encoded text; `bytes()` is valid until the next `clear()`. */
export class LineBuffer {
  #buffer = new Uint8Array(4096);
  #length = 0;

  /** Appends `text` as UTF-8. */
  push(text: string): void {
    const room = this.#length + text.length * 3; // the most UTF-8 bytes a UTF-16 string needs
    if (room > this.#buffer.length) this.#grow(room);
    this.#length += encoder.encodeInto(text, this.#buffer.subarray(this.#length)).written;
  }

  /** The bytes pushed since the last `clear()`. */
  bytes(): Uint8Array {
    return this.#buffer.subarray(0, this.#length);
  }

  /** Forgets the content (and an oversized buffer). */
  clear(): void {
    this.#length = 0;
    if (this.#buffer.length > KEEP_BYTES) this.#buffer = new Uint8Array(4096);
  }

  #grow(room: number): void {
    const next = new Uint8Array(Math.max(room, this.#buffer.length * 2));
    next.set(this.bytes());
    this.#buffer = next;
  }
}
