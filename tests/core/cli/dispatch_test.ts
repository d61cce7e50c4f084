/** `dispatch`: runs the named command; help and suggestions load only when printed. */
import { deepEqual, equal, rejects } from "node:assert/strict";
import { type CommandEntry, defineCommand } from "../../../core/cli/command.ts";
import { dispatch, extractGlobalFlags } from "../../../core/cli/dispatch.ts";
import { createContext } from "../../../core/context.ts";
import { UsageError } from "../../../core/errors.ts";
import { fakeOutput } from "./fake_output.ts";

function entry(name: string, ran: string[]): CommandEntry {
  const command = defineCommand({
    name,
    summary: name,
    run: () => {
      ran.push(name);
      return 0;
    },
  });
  return { name, summary: name, load: () => Promise.resolve({ command }) };
}

Deno.test("dispatch runs the named command and only that one", async () => {
  const ran: string[] = [];
  const entries = [entry("status", ran), entry("task", ran)];
  const ctx = createContext({ stdout: fakeOutput(false), stderr: fakeOutput(false) });
  const { flags } = extractGlobalFlags([]);
  equal(await dispatch(ctx, entries, ["task"], flags, "1.0.0"), 0);
  deepEqual(ran, ["task"]);
});

Deno.test("dispatch loads help and suggestions only when it prints them", async () => {
  const ran: string[] = [];
  const entries = [entry("status", ran)];
  const stdout = fakeOutput(false);
  const ctx = createContext({ stdout, stderr: fakeOutput(false) });
  const { flags } = extractGlobalFlags([]);
  equal(await dispatch(ctx, entries, [], flags, "1.0.0"), 0);
  equal(stdout.text.includes("status"), true);
  await rejects(
    () => dispatch(ctx, entries, ["stauts"], flags, "1.0.0"),
    (error: unknown) => error instanceof UsageError && /super-agents status/.test(error.hint ?? ""),
  );
});
