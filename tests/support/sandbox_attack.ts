/**
 * Test support for the sandbox-escape suite: the attacker's side. A temp
 * HOME (holding a real-format secret-store key) and project, an "outside"
 * directory no agent is granted, the CLI run with a distinctive API key in
 * its environment, and checks on outcomes only — what the fake Messages API
 * received (no secret in any request body), which tool calls came back as
 * refusals, and what changed on disk.
 * @module
 */

import assert from "node:assert/strict";
import { join, relative } from "node:path";
import { type KmSandbox, kmSandbox } from "../plugins/km/km_sandbox.ts";
import type { CliResult } from "./cli.ts";
import {
  type FakeAnthropic,
  type FakeReply,
  type Responder,
  scripted,
  text,
} from "./fake_anthropic.ts";
import { createGitRepo, GIT_ENV, type GitRepo } from "./git_repo.ts";

/** The API key in the CLI's environment: must never reach the model. */
export const API_KEY = `sk-ant-test-SECRET123${crypto.randomUUID().replaceAll("-", "")}`;

/** How a refusal names the boundary (loosely: no exact wording). */
export const BOUNDARY = /sandbox|denied|not allowed|protected|refused/i;

/** One attack's world. */
export interface Attack {
  sandbox: KmSandbox;
  /** A temp directory outside HOME and the project; no agent is granted it. */
  outside: string;
  /** The base64 body of `$HOME/.super-agents/secret.key`. */
  secretKey: string;
  /** Path of that key file. */
  secretKeyFile: string;
  /** The project's git repository (when `git` was asked for). */
  repo?: GitRepo;
  cleanup(): Promise<void>;
}

/** Options of {@linkcode attack}. */
export interface AttackOptions {
  /** Make the project a git repository with one commit (default true). */
  git?: boolean;
  /** Run `super-agents init` (default true). */
  init?: boolean;
  /** Commit what init created (default: when both git and init). */
  commitInit?: boolean;
}

/**
 * Sets up an attack: temp HOME with a secret key, temp project, outside dir.
 *
 * @example
 * ```ts
 * const world = await attack();
 * try { ... } finally { await world.cleanup(); }
 * ```
 */
export async function attack(options: AttackOptions = {}): Promise<Attack> {
  const sandbox = await kmSandbox();
  const outside = await Deno.makeTempDir({ prefix: "super-agents-outside-" });
  const dataHome = join(sandbox.home, ".super-agents");
  await Deno.mkdir(dataHome, { recursive: true });
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  const secretKey = btoa(String.fromCharCode(...bytes));
  const secretKeyFile = join(dataHome, "secret.key");
  await Deno.writeTextFile(secretKeyFile, `super-agents-key-v1:${secretKey}\n`, { mode: 0o600 });
  await Deno.chmod(secretKeyFile, 0o600);
  let repo: GitRepo | undefined;
  const world: Attack = {
    sandbox,
    outside,
    secretKey,
    secretKeyFile,
    async cleanup() {
      await Deno.remove(outside, { recursive: true }).catch(() => {});
      await sandbox.cleanup();
    },
  };
  try {
    if (options.git ?? true) {
      repo = await createGitRepo(sandbox.project);
      await repo.commit("initial", {
        "README.md": "# app\n",
        "src/app.ts": "export const a = 1;\n",
      });
      world.repo = repo;
    }
    if (options.init ?? true) {
      const init = await sandbox.run(["init"], { env: GIT_ENV });
      assert.equal(init.code, 0, `init: ${init.stderr}`);
      if (repo && (options.commitInit ?? true)) {
        await repo.git("add", "-A");
        await repo.git("commit", "-q", "--no-verify", "-m", "super-agents init");
      }
    }
  } catch (error) {
    await world.cleanup();
    throw error;
  }
  return world;
}

/** Runs `super-agents run <agent> <task>` against the fake with the distinctive key. */
export function runAgent(
  world: Attack,
  agent: string,
  task: string,
  fake: FakeAnthropic,
  env: Record<string, string> = {},
): Promise<CliResult> {
  return world.sandbox.run(["run", agent, task], {
    env: { ...GIT_ENV, ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: fake.url, ...env },
  });
}

/** A tool_result block as the agent sent it. */
export interface ToolResult {
  tool_use_id: string;
  is_error: boolean;
  text: string;
}

function blockText(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content.map((b) => (typeof b?.text === "string" ? b.text : JSON.stringify(b))).join(
      "\n",
    );
  }
  return JSON.stringify(content ?? "");
}

/** Every tool_result the agent sent, by tool_use id. */
export function toolResults(fake: FakeAnthropic): Map<string, ToolResult> {
  const results = new Map<string, ToolResult>();
  for (const request of fake.requests) {
    for (const message of request.body?.messages ?? []) {
      if (!Array.isArray(message.content)) continue;
      for (const block of message.content) {
        if (block?.type !== "tool_result") continue;
        results.set(block.tool_use_id, {
          tool_use_id: block.tool_use_id,
          is_error: block.is_error === true,
          text: blockText(block.content),
        });
      }
    }
  }
  return results;
}

function brief(value: string): string {
  return JSON.stringify(value.length > 200 ? `${value.slice(0, 200)}…` : value);
}

/** The tool_use id of a scripted tool call. */
export function callId(reply: FakeReply): string {
  if (reply.kind !== "message") throw new Error("not a tool call");
  const block = reply.content.find((b) => b.type === "tool_use");
  if (!block || block.type !== "tool_use") throw new Error("not a tool call");
  return block.id;
}

/** The result the agent sent back for a scripted call; fails when it never answered it. */
export function resultOf(fake: FakeAnthropic, reply: FakeReply, label = ""): ToolResult {
  const id = callId(reply);
  const result = toolResults(fake).get(id);
  assert.ok(
    result,
    `the agent never sent back a tool_result for ${label || id} ` +
      `(${fake.messageRequests().length} request(s) reached the fake)`,
  );
  return result;
}

/** Asserts the call came back as a refusal that names the boundary. */
export function assertRefused(fake: FakeAnthropic, reply: FakeReply, label: string): void {
  const result = resultOf(fake, reply, label);
  assert.ok(result.is_error, `${label}: not refused; the model got ${brief(result.text)}`);
  assert.match(
    result.text,
    BOUNDARY,
    `${label}: the refusal does not name the boundary: ${brief(result.text)}`,
  );
}

/** Asserts the call came back as an error (a failed program counts). */
export function assertFailed(fake: FakeAnthropic, reply: FakeReply, label: string): void {
  const result = resultOf(fake, reply, label);
  assert.ok(result.is_error, `${label}: succeeded; the model got ${brief(result.text)}`);
}

/**
 * Asserts the call succeeded (and its output matches `expected`): the
 * control that shows the sandbox still lets the agent do its work, so an
 * attack that "failed" did not fail only because nothing runs at all.
 */
export function assertSucceeded(
  fake: FakeAnthropic,
  reply: FakeReply,
  label: string,
  expected?: RegExp,
): void {
  const result = resultOf(fake, reply, label);
  assert.ok(!result.is_error, `control ${label} failed: ${brief(result.text)}`);
  if (expected) assert.match(result.text, expected, `control ${label}: unexpected output`);
}

/**
 * Asserts no request body the fake received contains any of `secrets`,
 * naming every leak (and the tool call whose result carried it).
 */
export function assertNoLeak(
  fake: FakeAnthropic,
  secrets: Record<string, string>,
  steps: Step[] = [],
): void {
  assert.ok(fake.requests.length > 0, "no request reached the fake API: the attack never ran");
  const labels = new Map(steps.map((step) => [callId(step.reply), step.label]));
  const results = [...toolResults(fake).values()];
  const leaks: string[] = [];
  for (const [name, secret] of Object.entries(secrets)) {
    const probes = [...new Set([secret, secret.slice(0, 24)])];
    const carrying = results.filter((r) => probes.some((probe) => r.text.includes(probe)));
    for (const result of carrying) {
      leaks.push(
        `${name} sent to the model in the tool_result of ${
          labels.get(result.tool_use_id) ?? result.tool_use_id
        }: ${brief(result.text)}`,
      );
    }
    const inBody = fake.requests.some((r) =>
      probes.some((probe) => JSON.stringify(r.body ?? "").includes(probe))
    );
    if (inBody && carrying.length === 0) leaks.push(`${name} appears in a request body`);
  }
  assert.ok(leaks.length === 0, leaks.join("; "));
}

/** One scripted tool call of an attack and what must come of it. */
export interface Step {
  label: string;
  reply: FakeReply;
  /**
   * `refused`: a tool error naming the boundary; `failed`: any tool error
   * (a program that exits non-zero counts); `ok`: a control that must work;
   * absent: only that the agent answered it.
   */
  expect?: "refused" | "failed" | "ok";
  /** For `ok`: what the output must show. */
  output?: RegExp;
}

/** A step. */
export function step(
  label: string,
  reply: FakeReply,
  expect?: Step["expect"],
  output?: RegExp,
): Step {
  return { label, reply, expect, output };
}

/** The fake's script: every step's call in order, then a final text reply. */
export function scriptOf(steps: Step[]): Responder {
  return scripted([...steps.map((s) => s.reply), text("Done.")]);
}

/**
 * Asserts the controls (steps expected `ok`) at once: when they fail the
 * sandbox is broken for legitimate work and nothing else is meaningful.
 */
export function assertControls(fake: FakeAnthropic, steps: Step[]): void {
  for (const s of steps) {
    if (s.expect === "ok") assertSucceeded(fake, s.reply, s.label, s.output);
  }
}

/** The checks of the attack steps (all but the controls), for {@linkcode expectAll}. */
export function stepChecks(fake: FakeAnthropic, steps: Step[]): (() => void)[] {
  return steps.filter((s) => s.expect !== "ok").map((s) => () => {
    if (s.expect === "refused") assertRefused(fake, s.reply, s.label);
    else if (s.expect === "failed") assertFailed(fake, s.reply, s.label);
    else resultOf(fake, s.reply, s.label);
  });
}

/** The files (and links) under `dir`: relative path → content, or `-> target` for a link. */
export async function snapshot(dir: string): Promise<Record<string, string>> {
  const tree: Record<string, string> = {};
  const visit = async (current: string) => {
    for await (const entry of Deno.readDir(current)) {
      const path = join(current, entry.name);
      const rel = relative(dir, path);
      if (entry.isSymlink) tree[rel] = `-> ${await Deno.readLink(path)}`;
      else if (entry.isDirectory) {
        tree[`${rel}/`] = "dir";
        await visit(path);
      } else tree[rel] = await Deno.readTextFile(path);
    }
  };
  await visit(dir);
  return tree;
}

/** Whether `path` exists (without following a final link). */
export async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

/** Runs git in `cwd` with the test environment; returns exit code and output. */
export async function gitIn(
  cwd: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; output: string }> {
  const result = await new Deno.Command("git", {
    args,
    cwd,
    env: { ...GIT_ENV, ...env },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  return {
    code: result.code,
    output: decoder.decode(result.stdout) + decoder.decode(result.stderr),
  };
}

/**
 * A loopback HTTP server that records every request it gets (the
 * exfiltration target no agent may reach).
 */
export function listener(): { port: number; hits: string[]; close(): Promise<void> } {
  const hits: string[] = [];
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    (request) => {
      hits.push(`${request.method} ${new URL(request.url).pathname}`);
      return new Response("pwned");
    },
  );
  return { port: server.addr.port, hits, close: () => server.shutdown() };
}

/**
 * Runs every check and then fails once, listing each one that failed: a
 * failing escape test names every escape it observed, not only the first.
 *
 * @example
 * ```ts
 * await expectAll([() => assertNoLeak(fake, secrets), () => assertRefused(fake, call, "Read")]);
 * ```
 */
export async function expectAll(checks: (() => unknown)[]): Promise<void> {
  const failures: string[] = [];
  for (const check of checks) {
    try {
      await check();
    } catch (error) {
      if (!(error instanceof assert.AssertionError)) throw error;
      failures.push(error.message.split("\n")[0] + (error.message.includes("\n") ? " …" : ""));
    }
  }
  if (failures.length > 0) {
    assert.fail(`${failures.length} escape(s):\n- ${failures.join("\n- ")}`);
  }
}
