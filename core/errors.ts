/**
 * The one error family of super-agents. Every failure a user can meet is a
 * `SuperAgentsError` with a stable `code`, a message saying what went wrong and
 * a `hint` naming the fix. The CLI prints message and hint; `--debug` adds the
 * stack.
 * @module
 */

/** Process exit codes used by the CLI. */
export const ExitCode = { ok: 0, failure: 1, usage: 2 } as const;

/** Options for {@linkcode SuperAgentsError}. */
export interface SuperAgentsErrorOptions {
  /** The fix, in one line a user can act on. */
  hint?: string;
  /** Exit code of the CLI when this error ends a command (default 1). */
  exitCode?: number;
  /** The error that caused this one. */
  cause?: unknown;
  /** Structured details for `--json` output. */
  details?: Record<string, unknown>;
}

/**
 * A failure with a stable code and a hint.
 *
 * @example
 * ```ts
 * throw new SuperAgentsError("NOT_A_PROJECT", "no .claude/ directory above /tmp", {
 *   hint: "run `super-agents init` in the project root",
 * });
 * ```
 */
export class SuperAgentsError extends Error {
  readonly code: string;
  readonly hint?: string;
  readonly exitCode: number;
  readonly details?: Record<string, unknown>;

  constructor(code: string, message: string, options: SuperAgentsErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = "SuperAgentsError";
    this.code = code;
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? ExitCode.failure;
    this.details = options.details;
  }

  /** The error as a plain object for `--json` output. */
  toJSON(): Record<string, unknown> {
    return { code: this.code, message: this.message, hint: this.hint, ...this.details };
  }
}

/** A command-line usage mistake (unknown command, bad flag); exits with 2. */
export class UsageError extends SuperAgentsError {
  constructor(message: string, hint?: string) {
    super("USAGE", message, { hint, exitCode: ExitCode.usage });
    this.name = "UsageError";
  }
}

/** The message of any thrown value, for wrapping foreign errors with context. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
