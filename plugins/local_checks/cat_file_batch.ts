/**
 * Reading many git objects through ONE `git cat-file --batch-command
 * --buffer` process: a round of `info` commands (sizes, existence) and a
 * round of `contents` commands (blob bytes), each written while the replies
 * are read so a large round cannot deadlock on full pipes. Started under the
 * policy of `core/git_policy.ts` (reading `:path` names reads the index, which
 * would start a configured fsmonitor).
 * @module
 */

import { SuperAgentsError } from "../../core/errors.ts";
import { gitCommand } from "../../core/git_policy.ts";

/** What `info` says about one object. */
export interface ObjectInfo {
  /** Full object id; absent when the object is missing. */
  oid?: string;
  type?: string;
  size: number;
  missing: boolean;
}

/** A byte stream reader with line and exact-length reads. */
class StreamReader {
  #reader: ReadableStreamDefaultReader<Uint8Array>;
  #buffer: Uint8Array = new Uint8Array(0);
  #offset = 0;

  constructor(stream: ReadableStream<Uint8Array>) {
    this.#reader = stream.getReader();
  }

  async #fill(): Promise<void> {
    const { value, done } = await this.#reader.read();
    if (done) throw new Error("git cat-file ended early");
    const rest = this.#buffer.subarray(this.#offset);
    const joined = new Uint8Array(rest.length + value.length);
    joined.set(rest);
    joined.set(value, rest.length);
    this.#buffer = joined;
    this.#offset = 0;
  }

  async line(): Promise<string> {
    while (true) {
      const end = this.#buffer.indexOf(10, this.#offset);
      if (end !== -1) {
        const text = new TextDecoder().decode(this.#buffer.subarray(this.#offset, end));
        this.#offset = end + 1;
        return text;
      }
      await this.#fill();
    }
  }

  async bytes(length: number): Promise<Uint8Array> {
    const out = new Uint8Array(length);
    let filled = 0;
    while (filled < length) {
      if (this.#offset >= this.#buffer.length) {
        const { value, done } = await this.#reader.read();
        if (done) throw new Error("git cat-file ended early");
        this.#buffer = value;
        this.#offset = 0;
      }
      const take = Math.min(length - filled, this.#buffer.length - this.#offset);
      out.set(this.#buffer.subarray(this.#offset, this.#offset + take), filled);
      this.#offset += take;
      filled += take;
    }
    return out;
  }

  release(): void {
    this.#reader.releaseLock();
  }
}

/** One `git cat-file --batch-command --buffer` process. */
export class CatFileBatch {
  #child: Deno.ChildProcess;
  #writer: WritableStreamDefaultWriter<Uint8Array>;
  #reader: StreamReader;

  /** Starts the process in `cwd`. */
  constructor(cwd: string) {
    this.#child = gitCommand(cwd, ["cat-file", "--batch-command", "--buffer"], { stdin: "piped" })
      .spawn();
    this.#writer = this.#child.stdin.getWriter();
    this.#reader = new StreamReader(this.#child.stdout);
  }

  async #send(commands: string[]): Promise<void> {
    await this.#writer.write(new TextEncoder().encode(commands.join("\n") + "\nflush\n"));
  }

  /**
   * Sizes and types of `objects` (object ids or `rev:path` names), in order.
   *
   * @example
   * ```ts
   * const [info] = await batch.info([":package-lock.json"]);
   * info.missing; // true when the index has no such file
   * ```
   */
  async info(objects: string[]): Promise<ObjectInfo[]> {
    if (objects.length === 0) return [];
    const sending = this.#send(objects.map((object) => `info ${object}`));
    const infos: ObjectInfo[] = [];
    try {
      for (let i = 0; i < objects.length; i++) infos.push(parseHeader(await this.#reader.line()));
      await sending;
    } catch (error) {
      throw await this.#failure(error);
    }
    return infos;
  }

  /** The bytes of each object id, in order (`undefined` when missing). */
  async contents(oids: string[]): Promise<(Uint8Array | undefined)[]> {
    if (oids.length === 0) return [];
    const sending = this.#send(oids.map((oid) => `contents ${oid}`));
    const out: (Uint8Array | undefined)[] = [];
    try {
      for (let i = 0; i < oids.length; i++) {
        const header = parseHeader(await this.#reader.line());
        if (header.missing) {
          out.push(undefined);
          continue;
        }
        out.push(await this.#reader.bytes(header.size));
        await this.#reader.bytes(1); // the newline after the content
      }
      await sending;
    } catch (error) {
      throw await this.#failure(error);
    }
    return out;
  }

  /** Ends the process and waits for it. */
  async close(): Promise<void> {
    await this.#writer.close();
    this.#reader.release();
    await this.#child.stdout.cancel();
    const [status, stderr] = await Promise.all([this.#child.status, this.#stderr()]);
    if (!status.success) throw this.#error(stderr);
  }

  /** The error to report when the process broke mid-round, with git's own message. */
  async #failure(cause: unknown): Promise<SuperAgentsError> {
    try {
      this.#child.kill();
    } catch {
      // already exited: its stderr says why
    }
    await this.#writer.abort().catch(() => {/* the pipe is already broken */});
    await this.#child.status;
    const error = this.#error(await this.#stderr());
    error.cause = cause;
    return error;
  }

  async #stderr(): Promise<string> {
    return new TextDecoder().decode(await new Response(this.#child.stderr).arrayBuffer()).trim();
  }

  #error(stderr: string): SuperAgentsError {
    return new SuperAgentsError("GIT_FAILED", `git cat-file failed: ${stderr || "no output"}`, {
      hint: "git 2.36 or newer is needed (cat-file --batch-command); check `git --version`",
    });
  }
}

function parseHeader(line: string): ObjectInfo {
  if (line.endsWith(" missing") || line.endsWith(" ambiguous")) return { size: 0, missing: true };
  const [oid, type, size] = line.split(" ");
  return { oid, type, size: Number(size), missing: false };
}
