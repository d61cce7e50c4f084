/**
 * The MCP Inspector's CLI (npm `@modelcontextprotocol/inspector`, pinned by
 * scripts/services.sh, run with Node 22) against the project's MCP server:
 * over STDIO (`super-agents mcp`), over Streamable HTTP with a scoped bearer
 * token (a viewer lists only the read tools, so the Inspector will not send
 * a write; sent anyway, it is refused with an MCP error naming the missing
 * scope; a token for one agent is refused another agent through the
 * Inspector), with `--strict` (no tool schema the
 * Inspector finds unportable), and over HTTP with no header through the
 * KM's own OAuth flow: the Inspector discovers, registers, prints the
 * authorization URL, the consent is answered as a browser would, and the
 * redirect reaches the Inspector's loopback callback.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { TOOL_SCOPES } from "../../plugins/km_auth/access_tables.ts";
import { Client, StreamableHTTPClientTransport } from "../../plugins/mcp/client_deps.ts";
import { baseEnv, MAIN } from "../support/cli.ts";
import { type KmSandbox, kmSandbox } from "../plugins/km/km_sandbox.ts";
import {
  INSPECTOR,
  MCP_CLIENTS_FIX,
  NODE22,
  type NodeRun,
  runNode,
} from "../support/mcp_clients.ts";
import { answerConsent } from "../support/oauth_client.ts";
import { skipWithout } from "../support/service.ts";

const ignore = skipWithout(
  "mcp-inspector",
  NODE22 !== undefined && INSPECTOR !== undefined,
  MCP_CLIENTS_FIX,
);

/** The Inspector's own environment: its catalog and secrets stay in the sandbox. */
function inspectorEnv(box: KmSandbox): Record<string, string> {
  return { HOME: box.home, MCP_INSPECTOR_SECRET_STORE: "memory", TMPDIR: box.env.TMPDIR ?? "/tmp" };
}

async function inspect(box: KmSandbox, args: string[]): Promise<NodeRun> {
  return await runNode(INSPECTOR!, ["--cli", "--format", "json", ...args], {
    env: inspectorEnv(box),
    cwd: box.project,
  });
}

/** `--cli ... -- deno run main.ts mcp`: the Inspector starts our STDIO server. */
async function overStdio(box: KmSandbox, args: string[]): Promise<NodeRun> {
  const env = Object.entries(baseEnv(box.home)).flatMap((
    [key, value],
  ) => ["-e", `${key}=${value}`]);
  return await inspect(box, [
    "--cwd",
    box.project,
    ...env,
    ...args,
    "--",
    Deno.execPath(),
    "run",
    "-A",
    "--quiet",
    "--cached-only",
    MAIN,
    "mcp",
  ]);
}

function resultOf(run: NodeRun): Record<string, unknown> {
  const parsed = JSON.parse(run.stdout || run.stderr);
  assert.ok(parsed.result, `no result: ${run.stdout}\n${run.stderr}`);
  return parsed.result;
}

function names(run: NodeRun, key: "tools" | "prompts"): string[] {
  return (resultOf(run)[key] as { name: string }[]).map((item) => item.name).sort();
}

/** Tools whose every scope is covered by knowledge:read (what a viewer may call). */
const READ_TOOLS = Object.entries(TOOL_SCOPES)
  .filter(([, scopes]) => scopes.every((scope) => scope === "knowledge:read"))
  .map(([name]) => name).sort();

async function withKm(fn: (box: KmSandbox, url: string, token: string) => Promise<void>) {
  const box = await kmSandbox(100);
  try {
    const started = await box.run(["start", "--json"]);
    assert.equal(started.code, 0, started.stderr);
    const { url } = JSON.parse(started.stdout);
    const token = (await Deno.readTextFile(join(box.project, ".claude/state/km.token"))).trim();
    await fn(box, url, token);
    assert.equal((await box.run(["stop"])).code, 0);
  } finally {
    await box.cleanup();
  }
}

Deno.test({
  name: "inspector: STDIO — tools, a call, resources, a read and prompts; --strict finds nothing",
  ignore,
  fn: async () => {
    const box = await kmSandbox(100);
    try {
      const tools = await overStdio(box, ["--method", "tools/list"]);
      assert.equal(tools.code, 0, tools.stderr);
      assert.deepEqual(names(tools, "tools"), Object.keys(TOOL_SCOPES).sort());

      const strict = await overStdio(box, ["--method", "tools/list", "--strict"]);
      assert.equal(strict.code, 0, `--strict found schema problems:\n${strict.stderr}`);

      const saved = await overStdio(box, [
        "--method",
        "tools/call",
        "--tool-name",
        "knowledge_save",
        "--tool-args-json",
        JSON.stringify({ title: "Inspector note", content: "saved through the Inspector CLI" }),
      ]);
      assert.equal(saved.code, 0, saved.stdout + saved.stderr);
      const item = JSON.parse((resultOf(saved).content as { text: string }[])[0].text).item;
      assert.equal(item.title, "Inspector note");
      const found = await overStdio(box, [
        "--method",
        "tools/call",
        "--tool-name",
        "knowledge_query",
        "--tool-args-json",
        JSON.stringify({ q: "Inspector" }),
      ]);
      assert.match(JSON.stringify(resultOf(found)), /Inspector note/);

      // A bad argument is the MCP tool error the SDK sends, not a crash.
      const bad = await overStdio(box, [
        "--method",
        "tools/call",
        "--tool-name",
        "knowledge_get",
        "--tool-args-json",
        JSON.stringify({ id: "one" }),
      ]);
      assert.notEqual(bad.code, 0);
      assert.match(bad.stdout + bad.stderr, /id/);

      const resources = await overStdio(box, ["--method", "resources/list"]);
      const uris = (resultOf(resources).resources as { uri: string }[]).map((r) => r.uri);
      assert.ok(uris.includes("agent://reviewer-agent"), uris.join(", "));
      const read = await overStdio(box, [
        "--method",
        "resources/read",
        "--uri",
        "agent://reviewer-agent",
      ]);
      const contents = resultOf(read).contents as { text: string }[];
      assert.equal(JSON.parse(contents[0].text).name, "reviewer-agent");
      const unknown = await overStdio(box, [
        "--method",
        "resources/read",
        "--uri",
        "agent://nobody",
      ]);
      assert.notEqual(unknown.code, 0);
      assert.match(unknown.stdout + unknown.stderr, /-32602: no agent named nobody/);

      const prompts = await overStdio(box, ["--method", "prompts/list"]);
      assert.ok(names(prompts, "prompts").includes("reviewer-agent"));
      const prompt = await overStdio(box, [
        "--method",
        "prompts/get",
        "--prompt-name",
        "reviewer-agent",
        "--prompt-args",
        "task=review the last commit",
      ]);
      const messages = resultOf(prompt).messages as { content: { text: string } }[];
      assert.match(messages[0].content.text, /## Task\n\nreview the last commit$/);

      // One agent's server (`mcp --agent`): its run tool's schema is portable too.
      const agentTools = await inspect(box, [
        "--cwd",
        box.project,
        ...Object.entries(baseEnv(box.home)).flatMap(([key, value]) => ["-e", `${key}=${value}`]),
        "--method",
        "tools/list",
        "--strict",
        "--",
        Deno.execPath(),
        "run",
        "-A",
        "--quiet",
        "--cached-only",
        MAIN,
        "mcp",
        "--agent",
        "reviewer-agent",
      ]);
      assert.equal(agentTools.code, 0, agentTools.stderr);
      assert.deepEqual(names(agentTools, "tools"), ["run"]);
    } finally {
      await box.cleanup();
    }
  },
});

Deno.test({
  name: "inspector: HTTP with a viewer token — read tools only, a write refused naming the scope",
  ignore,
  fn: async () => {
    await withKm(async (box, url) => {
      const created = await box.run([
        "mcp",
        "token",
        "create",
        "reader",
        "--role",
        "viewer",
        "--json",
      ]);
      assert.equal(created.code, 0, created.stderr);
      const header = `Authorization: Bearer ${JSON.parse(created.stdout).token}`;
      const http = (args: string[]) => inspect(box, [`${url}/mcp`, "--header", header, ...args]);

      const tools = await http(["--method", "tools/list"]);
      assert.equal(tools.code, 0, tools.stderr);
      assert.deepEqual(names(tools, "tools"), READ_TOOLS);
      assert.equal((await http(["--method", "tools/list", "--strict"])).code, 0);

      const list = await http(["--method", "tools/call", "--tool-name", "knowledge_list"]);
      assert.equal(list.code, 0, list.stdout + list.stderr);

      // The write tool is not listed to a viewer, so the Inspector refuses to send the call...
      const write = await http([
        "--method",
        "tools/call",
        "--tool-name",
        "knowledge_save",
        "--tool-args-json",
        JSON.stringify({ title: "x", content: "y" }),
      ]);
      assert.notEqual(write.code, 0, "the Inspector reports the refusal");
      assert.match(write.stdout + write.stderr, /tool_not_found/);
      // ...and a client that sends it anyway gets the MCP error naming the missing scope.
      const client = new Client({ name: "viewer", version: "1" });
      await client.connect(
        new StreamableHTTPClientTransport(new URL(`${url}/mcp`), {
          requestInit: { headers: { authorization: header.slice("Authorization: ".length) } },
        }),
      );
      const sent = await client.callTool({
        name: "knowledge_save",
        arguments: { title: "x", content: "y" },
      });
      await client.close();
      assert.equal(sent.isError, true);
      assert.match(
        (sent.content as { text: string }[])[0].text,
        /ACCESS_DENIED: token\/reader may not tool:knowledge_save: scope knowledge:write is missing/,
      );

      // A token that may run one agent sees agent_run; the Inspector's call for another agent
      // is refused by the server with the MCP tool error naming the scope.
      const runner = await box.run([
        "mcp",
        "token",
        "create",
        "runner",
        "--scope",
        "knowledge:read agents:run:reviewer-agent",
        "--json",
      ]);
      assert.equal(runner.code, 0, runner.stderr);
      const run = await inspect(box, [
        `${url}/mcp`,
        "--header",
        `Authorization: Bearer ${JSON.parse(runner.stdout).token}`,
        "--method",
        "tools/call",
        "--tool-name",
        "agent_run",
        "--tool-args-json",
        JSON.stringify({ agent: "security-agent", task: "audit", waitMs: 0 }),
      ]);
      assert.notEqual(run.code, 0);
      assert.match(
        run.stdout,
        /ACCESS_DENIED: token\/runner may not tool:agent_run: scope agents:run:security-agent is missing/,
      );

      const resources = await http(["--method", "resources/list"]);
      assert.ok((resultOf(resources).resources as unknown[]).length > 0);
      const read = await http(["--method", "resources/read", "--uri", "agent://reviewer-agent"]);
      assert.equal(read.code, 0, read.stdout + read.stderr);
      const prompts = await http(["--method", "prompts/list"]);
      assert.ok(names(prompts, "prompts").includes("reviewer-agent"));

      const wrong = await inspect(box, [
        `${url}/mcp`,
        "--header",
        "Authorization: Bearer sa_not-a-token",
        "--stored-auth-only",
        "--method",
        "tools/list",
      ]);
      assert.notEqual(wrong.code, 0);
    });
  },
});

/** A loopback port nothing listens on right now (the Inspector's OAuth callback). */
function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

Deno.test({
  name: "inspector: HTTP with no header — OAuth discovery, registration, scripted consent, tools",
  ignore,
  fn: async () => {
    await withKm(async (box, url, kmToken) => {
      const callback = `http://127.0.0.1:${freePort()}/oauth/callback`;
      const child = new Deno.Command(NODE22!, {
        args: [
          INSPECTOR!,
          "--cli",
          "--format",
          "json",
          `${url}/mcp`,
          "--callback-url",
          callback,
          "--method",
          "tools/list",
        ],
        cwd: box.project,
        // No TTY here: MCP_AUTO_OPEN_ENABLED lets the CLI run its interactive login; the
        // "browser" it would open is this test (PATH has no opener).
        env: { ...inspectorEnv(box), MCP_AUTO_OPEN_ENABLED: "true", PATH: "/nonexistent" },
        clearEnv: true,
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
      }).spawn();
      const stdout = new Response(child.stdout).text();
      let stderr = "";
      const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
      let authorizationUrl: URL | undefined;
      while (!authorizationUrl) {
        const { value, done } = await reader.read();
        if (done) break;
        stderr += value;
        const match = /Please navigate to: (\S+)/.exec(stderr);
        if (match) authorizationUrl = new URL(match[1]);
      }
      assert.ok(authorizationUrl, `the Inspector printed no authorization URL:\n${stderr}`);
      assert.equal(authorizationUrl.origin, url);
      assert.equal(authorizationUrl.searchParams.get("code_challenge_method"), "S256");
      assert.equal(authorizationUrl.searchParams.get("resource"), `${url}/mcp`);
      const consent = await answerConsent(authorizationUrl, { token: kmToken, untick: ["admin"] });
      assert.equal(consent.status, 302, consent.page);
      assert.ok(consent.location?.href.startsWith(callback), String(consent.location));
      const delivered = await fetch(consent.location!);
      await delivered.body?.cancel();
      const rest = (async () => {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          stderr += value;
        }
      })();
      const [status, out] = await Promise.all([child.status, stdout, rest]);
      assert.equal(status.code, 0, `${out}\n${stderr}`);
      const tools = (JSON.parse(out).result.tools as { name: string }[]).map((t) => t.name);
      // Consent gave every scope but admin: the operator's tools.
      assert.ok(tools.includes("knowledge_save") && tools.includes("task_create"), tools.join());
    });
  },
});
