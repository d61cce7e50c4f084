/**
 * The worker checks pool messages with the JSON Schema derived from the
 * protocol's zod schemas: the derived file is current, and the check accepts
 * exactly what zod accepts: every field of a valid message is removed or
 * replaced by values of every kind, alone and inside a batch.
 */
import assert from "node:assert/strict";
import {
  CallSlotReplySchema,
  RunBatchSchema,
  RunMessageSchema,
  WorkerMessageSchema,
} from "../../../core/pool/protocol.ts";
import { checkJsonSchema } from "../../../core/pool/json_schema_check.ts";
import {
  callSlotReplyOf,
  isCallSlotReply,
  runMessagesOf,
} from "../../../core/pool/run_message_check.ts";
import {
  runMessageSchemaJson,
  runMessageSchemaPath,
} from "../../../scripts/generate_run_message_schema.ts";

Deno.test("run_message.schema.json is the JSON Schema of the protocol's zod schemas", async () => {
  assert.deepEqual(
    JSON.parse(await Deno.readTextFile(runMessageSchemaPath)),
    JSON.parse(runMessageSchemaJson()),
    "stale: run `deno run -A scripts/generate_run_message_schema.ts`",
  );
});

const valid = () => ({
  type: "run",
  taskId: "t1",
  executor: "noop",
  job: {
    id: "job_1",
    agent: "noop",
    input: { n: 1 },
    attempt: 1,
    correlationId: null as string | null,
    checkpoint: { step: 2 },
  },
  dependencies: [{ id: "job_0", agent: "pm", node: "pm", result: [1] }],
  root: "/project",
  workspace: "/project/.claude/workspaces/job_1" as string | null,
  sandbox: {
    root: "/project",
    read: ["/project"],
    write: false,
    net: ["api.anthropic.com"],
    run: ["git"],
    env: true,
    containment: { kind: "bubblewrap", path: "/usr/bin/bwrap" },
    programs: { git: "/usr/bin/git" },
    bwrapArgs: ["--unshare-all"],
    denoDir: "/home/u/.cache/deno" as string | null,
  },
  agentConfig: { model: "m" },
});

const VALUES: unknown[] = [
  undefined,
  null,
  0,
  1,
  -1,
  1.5,
  2 ** 60,
  Number.NaN,
  "",
  "x",
  "run",
  "batch",
  true,
  [],
  [1],
  {},
  { id: "a" },
];

type Obj = Record<string, unknown>;

/** Every message made by changing one field (nested ones too) of a valid message. */
function* mutations(): Generator<unknown> {
  for (const path of paths(valid())) {
    for (const value of [...VALUES, "delete"]) {
      const message = valid() as unknown as Obj;
      let target = message;
      for (const key of path.slice(0, -1)) target = target[key] as Obj;
      const last = path.at(-1)!;
      if (value === "delete") delete target[last];
      else target[last] = value;
      yield message;
    }
  }
  yield null;
  yield [];
  yield "run";
}

function paths(value: unknown, prefix: string[] = []): string[][] {
  if (typeof value !== "object" || value === null) return [prefix];
  const own = prefix.length ? [prefix] : [];
  return [
    ...own,
    ...Object.entries(value).flatMap(([key, child]) => paths(child, [...prefix, key])),
  ];
}

Deno.test("the check accepts a message exactly when RunMessageSchema does", () => {
  let checked = 0;
  for (const message of mutations()) {
    const zod = RunMessageSchema.safeParse(message).success;
    const guard = runMessagesOf(message);
    assert.equal(
      typeof guard !== "string",
      zod,
      `${JSON.stringify(message)}: the check says ${guard}`,
    );
    checked++;
  }
  assert.ok(checked > 300);
});

Deno.test("a batch is accepted exactly when RunBatchSchema accepts it; errors name the field", () => {
  for (const message of mutations()) {
    const batch = { type: "batch", messages: [valid(), message] };
    const zod = RunBatchSchema.safeParse(batch).success;
    assert.equal(typeof runMessagesOf(batch) !== "string", zod, JSON.stringify(message));
  }
  assert.equal(runMessagesOf({ type: "batch", messages: {} }), "messages: expected an array");
  const bad = valid();
  bad.job.attempt = 0;
  assert.equal(
    runMessagesOf({ type: "batch", messages: [valid(), bad] }),
    "messages[1].job.attempt: expected an integer ≥ 1",
  );
  assert.equal(runMessagesOf({ ...valid(), taskId: 7 }), "taskId: expected a string");
  assert.deepEqual(runMessagesOf(valid()), [valid()]);
});

Deno.test("the checker refuses schema keywords it does not understand", () => {
  assert.throws(
    () => checkJsonSchema({ pattern: "^a" } as never, "a"),
    /keyword "pattern" is not supported/,
  );
  assert.equal(
    checkJsonSchema({ oneOf: [{ type: "string" }, { type: "string" }] }, "x"),
    "matches more than one of a string or a string",
  );
  assert.equal(
    checkJsonSchema({ type: "object", additionalProperties: false }, { a: 1 }),
    "a: not allowed",
  );
});

Deno.test("a call-slot reply is checked exactly as CallSlotReplySchema; a worker's request as zod", () => {
  const good = { type: "call-slot", taskId: "t1", granted: true };
  assert.equal(isCallSlotReply(good), true);
  assert.deepEqual(callSlotReplyOf(good), good);
  const hostile: unknown[] = [
    { type: "call-slot", taskId: "t1" },
    { type: "call-slot", taskId: 7, granted: true },
    { type: "call-slot", taskId: "t1", granted: "yes" },
    { type: "call-slot", granted: false },
  ];
  for (const data of hostile) {
    assert.equal(CallSlotReplySchema.safeParse(data).success, false);
    const problem = callSlotReplyOf(data);
    assert.equal(typeof problem, "string", JSON.stringify(data));
  }
  assert.match(callSlotReplyOf({ type: "call-slot", taskId: "t1" }) as string, /granted/);
  assert.equal(isCallSlotReply({ type: "run" }), false);
  // What a worker asks for is parsed by the pool with zod: only acquire/release, a boolean clean.
  const request = { type: "call-slot", taskId: "t1", op: "acquire", clean: true };
  assert.equal(WorkerMessageSchema.safeParse(request).success, true);
  for (const bad of [{ op: "hoard" }, { clean: "yes" }, { taskId: null }]) {
    assert.equal(WorkerMessageSchema.safeParse({ ...request, ...bad }).success, false);
  }
});
