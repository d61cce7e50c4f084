/**
 * The completion table built from command specs, on a small fake table.
 */
import assert from "node:assert/strict";
import { type CommandEntry, defineCommand } from "../../../core/cli/command.ts";
import { completionTable, listedValues, positionalAt } from "../../../plugins/completions/model.ts";
import { bashScript } from "../../../plugins/completions/bash.ts";
import { fishQuote } from "../../../plugins/completions/fish.ts";

const events = defineCommand({
  name: "events",
  summary: "the event log",
  subcommands: {
    tail: defineCommand({
      name: "tail",
      summary: "follow the log",
      flags: {
        lines: { type: "string", short: "n", description: "<n> lines" },
        format: { type: "string", description: "<json|text> output format" },
        agent: { type: "string", description: "<name> only this agent" },
        follow: { type: "boolean", description: "keep reading" },
      },
    }),
  },
});
const run = defineCommand({
  name: "run",
  summary: "run an agent",
  positionals: [
    { name: "agent", description: "agent name", required: true },
    { name: "files", description: "files", variadic: true },
  ],
});

const entries: CommandEntry[] = [
  { name: "events", summary: "the event log", load: () => Promise.resolve({ command: events }) },
  { name: "run", summary: "run an agent", load: () => Promise.resolve({ command: run }) },
  {
    name: "secret",
    summary: "hidden",
    hidden: true,
    load: () => Promise.reject(new Error("hidden commands are never loaded")),
  },
];

Deno.test("listedValues reads `<a|b>` descriptions and ignores placeholders", () => {
  assert.deepEqual(listedValues("<json|text> output"), ["json", "text"]);
  assert.deepEqual(listedValues("<bash|zsh|fish> the shell"), ["bash", "zsh", "fish"]);
  assert.equal(listedValues("<tier|id> a model"), undefined);
  assert.equal(listedValues("<24h|7d|date> since"), undefined);
  assert.equal(listedValues("<n> lines"), undefined);
  assert.equal(listedValues("plain text"), undefined);
});

Deno.test("completionTable: nodes per path, flag values and positionals; hidden commands skipped", async () => {
  const table = await completionTable(entries, ["km.portMin"]);
  assert.deepEqual(table.nodes.map((n) => n.path), ["", "events", "events tail", "run"]);
  assert.deepEqual(table.nodes[0].commands.map((c) => c.name), ["events", "run"]);
  const tail = table.nodes[2];
  assert.deepEqual(tail.flags.map((f) => [f.names, f.value]), [
    [["--lines", "-n"], { kind: "free" }],
    [["--format"], { kind: "words", words: ["json", "text"] }],
    [["--agent"], { kind: "agents" }],
    [["--follow"], undefined],
  ]);
  const runNode = table.nodes[3];
  assert.deepEqual(positionalAt(runNode, 0), { kind: "agents" });
  assert.deepEqual(positionalAt(runNode, 5), { kind: "files" });
  assert.ok(table.globalFlags.some((f) => f.names.includes("--json")));
});

Deno.test("bashScript quotes every word and names its function after the program", async () => {
  const table = await completionTable(entries, [], "my-tool");
  const script = bashScript(table);
  assert.match(script, /complete -o default -F __my_tool_complete my-tool\n$/);
  assert.match(script, /'events tail\|--format'\) echo 'json text' ;;/);
  assert.match(
    script,
    /'run'\) case "\$2" in 0\) echo '@agents' ;; 1\) echo '@files' ;; \*\) echo '@files' ;; esac ;;/,
  );
  assert.equal(fishQuote(`it's a \\ path`), `'it\\'s a \\\\ path'`);
});

Deno.test("listedValues also reads `<p> a|b|c` after a placeholder", () => {
  assert.deepEqual(listedValues("<p> critical|high|normal|low (default normal)"), [
    "critical",
    "high",
    "normal",
    "low",
  ]);
  assert.equal(listedValues("<level> low, normal, high or critical"), undefined);
});
