/**
 * Typed flags: integers with ranges, durations, enums, lists and paths are
 * converted in dispatch before `run`, and every bad value is one usage error
 * naming the flag, the value and what is allowed.
 */
import { deepStrictEqual, equal, match, rejects, throws } from "node:assert/strict";
import { defineCommand } from "../../../core/cli/command.ts";
import { parseCommandArgs } from "../../../core/cli/dispatch.ts";
import { convertFlag, parseDuration } from "../../../core/cli/flag_values.ts";
import { UsageError } from "../../../core/errors.ts";

const spec = defineCommand({
  name: "demo",
  summary: "a command with typed flags",
  flags: {
    days: { type: "integer", min: 0, unit: "days", example: "7", description: "<days> age" },
    count: { type: "integer", short: "n", min: 1, max: 10, description: "<n> how many" },
    offset: { type: "integer", description: "<n> may be negative" },
    wait: { type: "duration", description: "<duration> how long" },
    format: { type: "enum", values: ["text", "json"], description: "output format" },
    agents: { type: "list", description: "<a,b> agents" },
    out: { type: "path", description: "<path> where to write" },
    force: { type: "boolean", description: "force" },
  },
  positionals: [{ name: "target", description: "what" }],
});

const parse = (argv: string[]) => parseCommandArgs(spec, ["demo"], argv, "/work/here");

Deno.test("typed flags arrive converted", async () => {
  deepStrictEqual((await parse(["--days", "7", "--wait", "5m"])).values, {
    days: 7,
    wait: 300_000,
  });
  const slow = await parse(["x", "--agents", "a, b,,c", "--format=json", "-n", "3"]);
  deepStrictEqual({ ...slow.values }, { agents: ["a", "b", "c"], format: "json", count: 3 });
  deepStrictEqual(slow.positionals, ["x"]);
});

Deno.test("a relative path is resolved against the cwd; an absolute one is kept", async () => {
  equal((await parse(["--out", "report.json"])).values.out, "/work/here/report.json");
  equal((await parse(["--out", "/tmp/report.json"])).values.out, "/tmp/report.json");
});

Deno.test("not a whole number: the flag, the value and an example, exit 2", async () => {
  for (const bad of ["", "0x10", "1e3", "7.5", "+7", " 7", "seven"]) {
    await rejects(parse(["--days", bad]), (error: unknown) => {
      equal(error instanceof UsageError, true);
      equal((error as UsageError).exitCode, 2);
      equal(
        (error as Error).message,
        `--days: "${bad}" is not a whole number of days (use e.g. 7)`,
      );
      return true;
    });
  }
});

Deno.test("negative numbers are values, not ambiguous options, and ranges are checked", async () => {
  equal((await parse(["--offset", "-5"])).values.offset, -5);
  equal((await parse(["x", "--offset", "-5"])).values.offset, -5);
  await rejects(parse(["--days", "-1"]), /--days: "-1" is too small \(use 0 or more\)/);
  await rejects(parse(["-n", "-2"]), /--count: "-2" is too small \(use 1 to 10\)/);
  await rejects(parse(["--count", "11"]), /--count: "11" is too large \(use 1 to 10\)/);
});

Deno.test("durations, enums and lists say what is allowed", async () => {
  await rejects(parse(["--wait", "5 minutes"]), /--wait: "5 minutes" is not a duration/);
  await rejects(parse(["--format", "xml"]), /--format: "xml" is not allowed \(use text, json\)/);
  await rejects(parse(["--agents", ","]), /--agents: "," is an empty list/);
});

Deno.test("parseDuration: units and plain milliseconds", () => {
  deepStrictEqual(
    ["30s", "5m", "2h", "7d", "250", "250ms", "1.5s", "", "5w", "-1s"].map(parseDuration),
    [30_000, 300_000, 7_200_000, 604_800_000, 250, 250, 1500, undefined, undefined, undefined],
  );
});

Deno.test("convertFlag leaves strings alone and throws UsageError otherwise", () => {
  equal(convertFlag("x", { type: "string", description: "" }, "0x10", "/"), "0x10");
  throws(() => convertFlag("x", { type: "integer", description: "" }, "0x10", "/"), UsageError);
  match(
    String(
      (() => {
        try {
          convertFlag("x", { type: "integer", description: "" }, "0x10", "/");
        } catch (error) {
          return (error as Error).message;
        }
      })(),
    ),
    /^--x: "0x10" is not a whole number \(use e\.g\. 1\)$/,
  );
});
