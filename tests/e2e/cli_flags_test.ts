/**
 * The command line's own defects, through the real CLI: help shows each
 * value placeholder once, typos of global flags and transposed command names
 * get the right suggestion, negative numbers are values, and a reader that
 * closes stdout ends the command quietly.
 */
import assert from "node:assert/strict";
import { createSandbox } from "../support/cli.ts";

Deno.test("--help shows each value placeholder once, next to its flag", async () => {
  const sandbox = await createSandbox();
  try {
    for (
      const [path, expected] of [
        [["km", "serve"], /--port <port>\s+port to bind/],
        [["queue", "prune"], /--older-than <days>\s+age limit/],
        [["task", "create"], /--priority <critical\|high\|normal\|low>/],
        [["worker"], /--drain <duration>\s+shutdown drain deadline/],
      ] as const
    ) {
      const help = await sandbox.run([...path, "--help"], { cwd: sandbox.home });
      assert.equal(help.code, 0, help.stderr);
      assert.match(help.stdout, expected);
      const options = help.stdout.split("Options:")[1] ?? "";
      assert.doesNotMatch(options, /<value>/, path.join(" "));
      assert.doesNotMatch(options, /--\S+ <[^>]*>\s+<[^>]*>/, `${path.join(" ")}: twice`);
    }
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("did you mean: global flag typos and swapped letters", async () => {
  const sandbox = await createSandbox();
  try {
    const flag = await sandbox.run(["queue", "prune", "--jsno"], { cwd: sandbox.home });
    assert.equal(flag.code, 2);
    assert.match(flag.stderr, /unknown option --jsno/);
    assert.match(flag.stderr, /did you mean --json\?/);
    const alone = await sandbox.run(["--jsno"], { cwd: sandbox.home });
    assert.equal(alone.code, 2);
    assert.match(alone.stderr, /did you mean --json\?/);
    const command = await sandbox.run(["stauts"], { cwd: sandbox.home });
    assert.equal(command.code, 2);
    assert.match(command.stderr, /did you mean `super-agents status`\?/);
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("a negative number is a value that the range check refuses, never 'ambiguous'", async () => {
  const sandbox = await createSandbox();
  try {
    for (
      const args of [
        ["queue", "prune", "--older-than", "-5"],
        ["dlq", "list", "--limit", "-1"],
        ["logs", "-n", "-3"],
      ]
    ) {
      const result = await sandbox.run(args, { cwd: sandbox.home });
      assert.equal(result.code, 2, args.join(" "));
      assert.match(result.stderr, /: "-\d" is too small \(use \d or more\)/, args.join(" "));
      assert.doesNotMatch(result.stderr, /ambiguous/);
    }
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("a reader that closes stdout ends the command quietly, with no bug report", async () => {
  const sandbox = await createSandbox();
  try {
    const child = sandbox.spawn(["--help"], { cwd: sandbox.home });
    await child.stdout.cancel(); // like `| head` that has what it wants: the pipe's end is closed
    const output = await child.output();
    const stderr = new TextDecoder().decode(output.stderr);
    assert.equal(output.code, 0, stderr);
    assert.doesNotMatch(stderr, /Broken pipe|report it/i);
    assert.equal(stderr, "");
  } finally {
    await sandbox.cleanup();
  }
});
