/**
 * Line-by-line prompts: defaults, re-asking on invalid answers, end of input.
 */
import assert from "node:assert/strict";
import {
  lineReader,
  parseList,
  parsePort,
  parseYesNo,
  prompter,
} from "../../../core/cli/prompt.ts";
import { UsageError } from "../../../core/errors.ts";
import { fakeOutput } from "./fake_output.ts";

function stream(text: string): ReadableStream<Uint8Array> {
  return ReadableStream.from([new TextEncoder().encode(text)]);
}

const yesNo = { message: "Hooks?", defaultAnswer: "yes", parse: parseYesNo };

Deno.test("lineReader splits lines across chunks, strips CR and ends with undefined", async () => {
  const chunks = ["a\r\nb", "c\n", "last"].map((s) => new TextEncoder().encode(s));
  const reader = lineReader(ReadableStream.from(chunks));
  assert.equal(await reader.readLine(), "a");
  assert.equal(await reader.readLine(), "bc");
  assert.equal(await reader.readLine(), "last");
  assert.equal(await reader.readLine(), undefined);
});

Deno.test("an empty answer takes the default; answers are echoed when stdin is piped", async () => {
  const out = fakeOutput(false);
  const ask = prompter(lineReader(stream("\nno\n")), out, { echo: true });
  assert.equal(await ask.ask(yesNo), true);
  assert.equal(await ask.ask(yesNo), false);
  assert.equal(out.text, "Hooks? [yes]: \nHooks? [yes]: no\n");
});

Deno.test("an invalid answer is explained and asked again", async () => {
  const out = fakeOutput(false);
  const ask = prompter(lineReader(stream("maybe\nn\n")), out, { echo: true });
  assert.equal(await ask.ask(yesNo), false);
  assert.match(out.text, /answer yes or no \(not "maybe"\)\nHooks\? \[yes\]: n\n$/);
});

Deno.test("too many invalid answers stop with a usage error", async () => {
  const ask = prompter(lineReader(stream("a\nb\nc\n")), fakeOutput(false), {
    echo: false,
    maxAttempts: 3,
  });
  await assert.rejects(() => ask.ask(yesNo), UsageError);
});

Deno.test("at end of input every question takes its default", async () => {
  const out = fakeOutput(false);
  const ask = prompter(lineReader(stream("")), out, { echo: false });
  assert.equal(await ask.ask(yesNo), true);
  assert.equal(await ask.ask({ message: "Port", defaultAnswer: "5001", parse: parsePort }), 5001);
  assert.equal(out.text, "Hooks? [yes]: (default)\nPort [5001]: (default)\n");
});

Deno.test("parsers: yes/no, lists and ports", () => {
  assert.equal(parseYesNo("Y"), true);
  assert.equal(parseYesNo("false"), false);
  assert.throws(() => parseYesNo("sure"), /answer yes or no/);
  assert.deepEqual(parseList(" a, b  c,,"), ["a", "b", "c"]);
  assert.equal(parsePort("6001"), 6001);
  assert.throws(() => parsePort("80"), /1024 to 65535/);
  assert.throws(() => parsePort("60.5"), /1024 to 65535/);
});
