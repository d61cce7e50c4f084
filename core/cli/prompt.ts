/**
 * Questions on the terminal, one answer per line of stdin, so a wizard can
 * be driven by a person or by piped answers (`printf 'y\n\n' | ... init
 * --interactive`). An empty line takes the default; at end of input every
 * remaining question takes its default; an invalid answer is explained and
 * asked again, a few times, before the wizard stops with a usage error.
 * @module
 */

import type { Output } from "../context.ts";
import { errorMessage, SuperAgentsError, UsageError } from "../errors.ts";

/** Reads one line at a time; `undefined` at end of input. */
export interface LineReader {
  readLine(): Promise<string | undefined>;
}

/**
 * Lines of a byte stream (e.g. `Deno.stdin.readable`), without their `\n`/`\r\n`.
 *
 * @example
 * ```ts
 * const reader = lineReader(Deno.stdin.readable);
 * const first = await reader.readLine();
 * ```
 */
export function lineReader(stream: ReadableStream<Uint8Array>): LineReader {
  const reader = stream.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = "";
  let ended = false;
  return {
    async readLine() {
      while (!buffered.includes("\n") && !ended) {
        const { value, done } = await reader.read();
        if (done) ended = true;
        else buffered += value;
      }
      if (buffered === "" && ended) return undefined;
      const newline = buffered.indexOf("\n");
      const line = newline === -1 ? buffered : buffered.slice(0, newline);
      buffered = newline === -1 ? "" : buffered.slice(newline + 1);
      return line.replace(/\r$/, "");
    },
  };
}

/** A question whose answer is parsed into a `T`. */
export interface Question<T> {
  message: string;
  /** Shown in brackets and used for an empty answer or at end of input. */
  defaultAnswer: string;
  /** Turns an answer into a value; throws with a message saying what is wrong. */
  parse(answer: string): T;
}

/** Asks questions. */
export interface Prompter {
  ask<T>(question: Question<T>): Promise<T>;
}

/** Options of {@linkcode prompter}. */
export interface PrompterOptions {
  /** Echo each answer (stdin is not a terminal, so it did not echo itself). */
  echo: boolean;
  /** Invalid answers accepted before giving up. */
  maxAttempts?: number;
}

/**
 * A prompter writing questions to `out` and reading answers from `reader`.
 *
 * @example
 * ```ts
 * const ask = prompter(lineReader(Deno.stdin.readable), ctx.stderr, { echo: !Deno.stdin.isTerminal() });
 * const hooks = await ask.ask({ message: "Install git hooks?", defaultAnswer: "yes", parse: parseYesNo });
 * ```
 */
export function prompter(reader: LineReader, out: Output, options: PrompterOptions): Prompter {
  const maxAttempts = options.maxAttempts ?? 3;
  let ended = false;
  return {
    async ask<T>(question: Question<T>): Promise<T> {
      for (let attempt = 1;; attempt++) {
        out.write(`${question.message} [${question.defaultAnswer}]: `);
        const line = ended ? undefined : await reader.readLine();
        if (line === undefined) ended = true;
        const answer = line?.trim() ?? "";
        if (options.echo || ended) out.write(`${ended ? "(default)" : answer}\n`);
        try {
          return question.parse(answer === "" ? question.defaultAnswer : answer);
        } catch (error) {
          const hint = error instanceof SuperAgentsError && error.hint ? ` (${error.hint})` : "";
          out.write(`  ${errorMessage(error)}${hint}\n`);
          if (ended || attempt >= maxAttempts) {
            throw new UsageError(
              `no valid answer to "${question.message}"`,
              "answer with one of the forms shown, or pass the matching flag (see `--help`)",
            );
          }
        }
      }
    },
  };
}

/** `yes/y/true/1` → true, `no/n/false/0` → false. */
export function parseYesNo(answer: string): boolean {
  const normalized = answer.toLowerCase();
  if (["y", "yes", "true", "1"].includes(normalized)) return true;
  if (["n", "no", "false", "0"].includes(normalized)) return false;
  throw new Error(`answer yes or no (not "${answer}")`);
}

/** A comma- or space-separated list, without empty items. */
export function parseList(answer: string): string[] {
  return answer.split(/[,\s]+/).map((item) => item.trim()).filter(Boolean);
}

/** An integer TCP port the KM may use (1024-65535). */
export function parsePort(answer: string): number {
  const port = Number(answer);
  if (!Number.isInteger(port) || port < 1024 || port > 65535) {
    throw new Error(`give a port number from 1024 to 65535 (not "${answer}")`);
  }
  return port;
}
