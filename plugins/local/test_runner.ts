/**
 * The `test-executor-check` local agent: detects the project's test command, runs
 * it (or one shard of it) without a shell inside the job's OS sandbox (the
 * tests are the project's own code), streams its output and reports pass or
 * fail from the exit code. Deterministic and free: no model, no key.
 * @module
 */

import type { AgentJob, AgentJobIO, AgentJobResult } from "../../core/plugin.ts";
import { errorMessage, SuperAgentsError } from "../../core/errors.ts";
import { detectTestCommand, shardedCommand } from "./test_command.ts";
import { localResult } from "./result.ts";

const MAX_OUTPUT = 64 * 1024;

/**
 * Runs the project's tests for `job` and returns the outcome.
 *
 * @example
 * ```ts
 * const result = await runTestRunner({ ...job, shard: { index: 1, total: 2 } }, io);
 * result.status; // "completed" when the tests passed
 * ```
 */
export async function runTestRunner(job: AgentJob, io: AgentJobIO): Promise<AgentJobResult> {
  const command = await detectTestCommand(job.root);
  const argv = job.shard ? await shardedCommand(job.root, command, job.shard) : command.argv;
  if (argv === undefined) {
    const text = `shard ${job.shard!.index}/${
      job.shard!.total
    } has no test files; nothing to run\n`;
    io.write(text);
    return localResult("completed", text);
  }
  io.write(`$ ${argv.join(" ")}   (${command.tool}, from ${command.reason})\n`);
  if (!io.command) {
    throw new SuperAgentsError(
      "TEST_RUN_UNCONTAINED",
      "the test runner runs the project's own code and starts it only inside the job's sandbox",
      {
        hint:
          "run it as an agent (`super-agents run test-executor-check`), which gives it a sandbox",
      },
    );
  }
  let child: Deno.ChildProcess;
  try {
    child = io.command(argv[0], argv.slice(1), {
      cwd: job.root,
      stdout: "piped",
      stderr: "piped",
      ...(io.signal ? { signal: io.signal } : {}),
    }).spawn();
  } catch (error) {
    if (error instanceof SuperAgentsError) throw error; // the sandbox refused: its message says why
    if (error instanceof Deno.errors.NotFound) {
      throw new SuperAgentsError("TEST_TOOL_MISSING", `${argv[0]} is not installed`, {
        hint: `install ${argv[0]} or put it on PATH (detected from ${command.reason})`,
      });
    }
    throw new SuperAgentsError(
      "TEST_RUN_FAILED",
      `cannot start ${argv[0]}: ${errorMessage(error)}`,
      {
        hint: "check that the agent's permissions allow running it",
        cause: error,
      },
    );
  }
  let captured = "";
  const collect = async (stream: ReadableStream<Uint8Array>) => {
    for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
      if (job.stream) io.write(chunk);
      if (captured.length < MAX_OUTPUT) captured += chunk;
    }
  };
  const [status] = await Promise.all([child.status, collect(child.stdout), collect(child.stderr)]);
  const tail = captured.length > MAX_OUTPUT ? captured.slice(-MAX_OUTPUT) : captured;
  const summary = `${argv.join(" ")} exited with ${status.code}`;
  if (!job.stream) io.write(tail);
  io.write(`${summary}\n`);
  return status.success
    ? localResult("completed", `${tail}\n${summary}`)
    : localResult("failed", `${tail}\n${summary}`, {
      code: "TESTS_FAILED",
      message: summary,
      hint: "read the failures above; rerun with the same command to reproduce",
    });
}
