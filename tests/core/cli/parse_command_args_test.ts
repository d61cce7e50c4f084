/**
 * `parseCommandArgs` gives exactly what `node:util` parseArgs gives (it is
 * the one flag grammar; an empty command line skips loading it), with the
 * declared defaults filled in, and parseArgs' errors as usage errors.
 */
import { deepStrictEqual, equal, rejects } from "node:assert/strict";
import { parseArgs } from "node:util";
import { defineCommand } from "../../../core/cli/command.ts";
import { parseCommandArgs } from "../../../core/cli/dispatch.ts";
import { UsageError } from "../../../core/errors.ts";

const spec = defineCommand({
  name: "demo",
  summary: "a command with every kind of flag",
  flags: {
    port: { type: "string", description: "<n> port" },
    host: { type: "string", default: "127.0.0.1", description: "<addr> host" },
    tag: { type: "string", multiple: true, description: "<t> tag" },
    force: { type: "boolean", short: "f", description: "force" },
  },
  positionals: [{ name: "target", description: "what", required: false }],
});

/** What parseArgs makes of `argv` with the spec's flags, defaults filled in. */
function reference(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      tag: { type: "string", multiple: true },
      force: { type: "boolean", short: "f" },
    },
    allowPositionals: true,
    strict: true,
  });
  return { values: { host: "127.0.0.1", ...values }, positionals };
}

Deno.test("an empty line and plain long flags parse exactly as parseArgs parses them", async () => {
  for (
    const argv of [
      [],
      ["--port", "5001"],
      ["--port", "5001", "--host", "::1", "--force"],
      ["--tag", "a", "--tag", "b"],
      ["--port", "1", "--port", "2"],
      ["--port", ""],
    ]
  ) {
    const parsed = await parseCommandArgs(spec, ["demo"], argv);
    deepStrictEqual(
      { values: { ...parsed.values }, positionals: parsed.positionals },
      { values: { ...reference(argv).values }, positionals: reference(argv).positionals },
      argv.join(" "),
    );
  }
});

Deno.test("=, short flags, positionals and -- parse exactly as parseArgs parses them", async () => {
  for (const argv of [["--port=5001"], ["-f", "x"], ["x", "--force"], ["--", "--port"]]) {
    const parsed = await parseCommandArgs(spec, ["demo"], argv);
    const expected = reference(argv);
    deepStrictEqual(
      { values: { ...parsed.values }, positionals: parsed.positionals },
      { values: { ...expected.values }, positionals: expected.positionals },
      argv.join(" "),
    );
  }
});

Deno.test("an unknown, ambiguous or valueless flag is still a usage error", async () => {
  let error: unknown;
  try {
    await parseCommandArgs(spec, ["demo"], ["--prot", "5001"]);
  } catch (caught) {
    error = caught;
  }
  equal(error instanceof UsageError, true);
  equal((error as UsageError).hint, "did you mean --port?");
  await rejects(parseCommandArgs(spec, ["demo"], ["--port"]), UsageError);
  await rejects(parseCommandArgs(spec, ["demo"], ["--port", "--force"]), UsageError);
});

Deno.test("an empty line still checks required positionals", async () => {
  const needs = defineCommand({
    name: "needs",
    summary: "a command with a required positional",
    positionals: [{ name: "target", description: "what", required: true }],
  });
  await rejects(parseCommandArgs(needs, ["needs"], []), UsageError);
});
