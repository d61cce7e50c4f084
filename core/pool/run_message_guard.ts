/**
 * The worker's check of what the pool sends: a `run` message, or a `batch`
 * of them. It accepts exactly what `RunMessageSchema` / `RunBatchSchema` in
 * `protocol.ts` accept (`tests/core/pool/run_message_guard_test.ts` holds
 * the two together), without loading zod: zod and the schemas cost a
 * worker 60-90 ms of start-up before its first job, and the pool, the only
 * sender, builds these messages from jobs the queue already validated. What
 * a worker sends back is still parsed with zod by the pool.
 * @module
 */

import type { RunMessage } from "./protocol.ts";

type Fields = Record<string, unknown>;

const isObject = (value: unknown): value is Fields =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const isString = (value: unknown): value is string => typeof value === "string";
const isNullableString = (value: unknown) => value === null || isString(value);

/** The run messages in `data`, or what is wrong with it (naming the field). */
export function runMessagesOf(data: unknown): RunMessage[] | string {
  if (!isObject(data)) return "a message must be an object";
  if (data.type === "batch") {
    if (!Array.isArray(data.messages)) return "messages: expected an array";
    for (let i = 0; i < data.messages.length; i++) {
      const problem = runMessageProblem(data.messages[i]);
      if (problem) return `messages[${i}].${problem}`;
    }
    return data.messages as RunMessage[];
  }
  const problem = runMessageProblem(data);
  return problem ?? [data as RunMessage];
}

function runMessageProblem(m: unknown): string | undefined {
  if (!isObject(m)) return "expected an object";
  if (m.type !== "run") return 'type: expected "run"';
  for (const key of ["taskId", "executor", "root"]) {
    if (!isString(m[key])) return `${key}: expected a string`;
  }
  if (!isNullableString(m.workspace)) return "workspace: expected a string or null";
  const job = m.job;
  if (!isObject(job)) return "job: expected an object";
  if (!isString(job.id)) return "job.id: expected a string";
  if (!isString(job.agent)) return "job.agent: expected a string";
  if (!("input" in job)) return "job.input: required";
  if (!Number.isSafeInteger(job.attempt) || (job.attempt as number) < 1) {
    return "job.attempt: expected an integer ≥ 1";
  }
  if (!isNullableString(job.correlationId)) return "job.correlationId: expected a string or null";
  const sandbox = sandboxProblem(m.sandbox);
  if (sandbox) return `sandbox${sandbox}`;
  if (!Array.isArray(m.dependencies)) return "dependencies: expected an array";
  for (let i = 0; i < m.dependencies.length; i++) {
    const d = m.dependencies[i];
    if (!isObject(d)) return `dependencies[${i}]: expected an object`;
    if (!isString(d.id) || !isString(d.agent) || !isNullableString(d.node) || !("result" in d)) {
      return `dependencies[${i}]: expected { id, agent, node, result }`;
    }
  }
  return undefined;
}

/** Holes count as missing entries (`Array.from` turns them into undefined), as zod sees them. */
const isStringList = (value: unknown) => Array.isArray(value) && Array.from(value).every(isString);
const isGrant = (value: unknown) => typeof value === "boolean" || isStringList(value);

function sandboxProblem(s: unknown): string | undefined {
  if (!isObject(s)) return ": expected an object";
  if (!isString(s.root)) return ".root: expected a string";
  for (const key of ["read", "write", "net", "run", "env"]) {
    if (!isGrant(s[key])) return `.${key}: expected a boolean or a list of strings`;
  }
  const c = s.containment;
  if (!isObject(c)) return ".containment: expected an object";
  const field = c.kind === "bubblewrap" ? "path" : "reason";
  if (!["bubblewrap", "uncontained", "unavailable"].includes(c.kind as string)) {
    return ".containment.kind: expected bubblewrap, uncontained or unavailable";
  }
  if (!isString(c[field])) return `.containment.${field}: expected a string`;
  if (!isObject(s.programs) || !Object.values(s.programs).every(isString)) {
    return ".programs: expected a map of strings";
  }
  if (!isStringList(s.bwrapArgs)) {
    return ".bwrapArgs: expected a list of strings";
  }
  if (!isNullableString(s.denoDir)) return ".denoDir: expected a string or null";
  return undefined;
}
