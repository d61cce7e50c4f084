/**
 * Reads a secret's value for `secrets set` without it touching argv or the
 * shell history: from a hidden prompt when stdin is a terminal (nothing is
 * echoed), otherwise from piped stdin (one trailing newline removed).
 * @module
 */

import type { Context } from "../context.ts";
import { SuperAgentsError } from "../errors.ts";

const decoder = new TextDecoder();

/**
 * The value typed at a hidden prompt or piped in.
 *
 * @example
 * ```ts
 * const value = await readSecretInput(ctx, "ANTHROPIC_API_KEY");
 * ```
 */
export async function readSecretInput(
  ctx: Context,
  name: string,
  stdin: typeof Deno.stdin = Deno.stdin,
): Promise<string> {
  if (stdin.isTerminal()) return await hiddenPrompt(ctx, name, stdin);
  const bytes = await new Response(stdin.readable).arrayBuffer();
  return decoder.decode(bytes).replace(/\r?\n$/, "");
}

async function hiddenPrompt(
  ctx: Context,
  name: string,
  stdin: typeof Deno.stdin,
): Promise<string> {
  ctx.stderr.write(`value for ${name} (input hidden): `);
  stdin.setRaw(true);
  const chars: string[] = [];
  const buffer = new Uint8Array(64);
  try {
    reading: while (true) {
      const count = await stdin.read(buffer);
      if (count === null) break;
      for (const char of decoder.decode(buffer.subarray(0, count))) {
        if (char === "\r" || char === "\n") break reading;
        if (char === "\u0003") {
          throw new SuperAgentsError("INTERRUPTED", "cancelled", { exitCode: 130 });
        }
        if (char === "\u007f" || char === "\b") chars.pop();
        else if (char >= " ") chars.push(char);
      }
    }
  } finally {
    stdin.setRaw(false);
    ctx.stderr.write("\n");
  }
  return chars.join("");
}
