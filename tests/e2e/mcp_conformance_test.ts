/**
 * The official MCP conformance suite (npm `@modelcontextprotocol/conformance`,
 * pinned by scripts/services.sh) runs its server scenarios against a real KM's
 * `/mcp` endpoint over Streamable HTTP. The suite sends no header, so a
 * loopback proxy adds the project's bearer token (authorization is tested in
 * mcp_oauth_test.ts). Every scenario must pass except those listed in
 * `NOT_OFFERED`, each with the reason; a scenario that newly fails, or one
 * listed that starts to pass, fails this test (the list stays true).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { kmSandbox } from "../plugins/km/km_sandbox.ts";
import {
  bearerProxy,
  CONFORMANCE,
  MCP_CLIENTS_FIX,
  NODE22,
  runNode,
} from "../support/mcp_clients.ts";
import { skipWithout } from "../support/service.ts";

/**
 * Scenarios that test a feature the KM does not offer. Most call the
 * suite's own fixtures (`test_image_content`, `test://static-text`,
 * `test_simple_prompt`, ...), which only its reference server has.
 */
const NOT_OFFERED: Readonly<Record<string, string>> = {
  "logging-set-level": "no logging capability (logs go to the KM's log file, not to clients)",
  "tools-call-with-logging": "no logging capability (no notifications/message)",
  "completion-complete": "no completions capability (no argument completion)",
  "resources-subscribe": "no resource subscriptions (agent definitions are read on demand)",
  "resources-unsubscribe": "no resource subscriptions",
  "tools-call-sampling": "the server never asks the client's model (sampling)",
  "tools-call-elicitation": "the server never asks the user through the client (elicitation)",
  "elicitation-sep1034-defaults": "no elicitation",
  "elicitation-sep1330-enums": "no elicitation",
  "tools-call-image": "fixture tool test_image_content; our tools answer JSON text only",
  "tools-call-audio": "fixture tool test_audio_content; our tools answer JSON text only",
  "tools-call-embedded-resource": "fixture tool test_embedded_resource; JSON text only",
  "tools-call-mixed-content": "fixture tool test_multiple_content_types; JSON text only",
  "tools-call-with-progress":
    "fixture tool test_tool_with_progress (agent_run reports progress; tested in tests/plugins/mcp)",
  "resources-read-text": "fixture resource test://static-text; ours are agent://<name>",
  "resources-read-binary": "fixture resource test://static-binary; ours are JSON text",
  "resources-templates-read": "fixture template test://template/{id}/data; ours is agent://{name}",
  "prompts-get-simple": "fixture prompt test_simple_prompt; ours are the agents' prompts",
  "prompts-get-with-args": "fixture prompt test_prompt_with_arguments",
  "prompts-get-embedded-resource": "fixture prompt test_prompt_with_embedded_resource",
  "prompts-get-with-image": "fixture prompt test_prompt_with_image",
  // Pending scenarios (`--suite all` runs them too).
  "json-schema-2020-12": "fixture tool json_schema_2020_12_tool",
  "server-sse-polling": "fixture tool test_reconnection",
};

/**
 * Scenarios that pass only vacuously: they call a fixture tool and check
 * the answer's shape, which the SDK's "tool not found" tool error has.
 * They run and must not fail, but prove nothing about our tools.
 */
const VACUOUS = ["tools-call-simple-text", "tools-call-error"];

interface Check {
  id: string;
  status: string;
  errorMessage?: string;
  description?: string;
}

/** Scenario → its checks, from the suite's `-o` folder (`server-<scenario>-<time>/checks.json`). */
async function readChecks(dir: string): Promise<Map<string, Check[]>> {
  const byScenario = new Map<string, Check[]>();
  for await (const entry of Deno.readDir(dir)) {
    const scenario = /^server-(.+)-\d{4}-\d\d-\d\dT/.exec(entry.name)?.[1];
    assert.ok(scenario, `unexpected result folder ${entry.name}`);
    const checks = JSON.parse(await Deno.readTextFile(join(dir, entry.name, "checks.json")));
    byScenario.set(scenario, checks);
  }
  return byScenario;
}

Deno.test({
  name: "conformance: the official suite's server scenarios pass against the KM's /mcp",
  ignore: skipWithout(
    "mcp-conformance",
    NODE22 !== undefined && CONFORMANCE !== undefined,
    MCP_CLIENTS_FIX,
  ),
  fn: async () => {
    const box = await kmSandbox(100);
    try {
      const started = await box.run(["start", "--json"]);
      assert.equal(started.code, 0, started.stderr);
      const { url } = JSON.parse(started.stdout);
      const token = (await Deno.readTextFile(join(box.project, ".claude/state/km.token"))).trim();
      const proxy = bearerProxy(url, token);
      const out = join(box.home, "conformance");
      try {
        const listed = await runNode(CONFORMANCE!, ["list", "--server"], {
          env: { HOME: box.home },
        });
        assert.equal(listed.code, 0, listed.stderr);
        const scenarios = [...listed.stdout.matchAll(/^\s+- ([a-z0-9-]+)/gm)].map((m) => m[1]);
        assert.ok(scenarios.length >= 20, listed.stdout);
        const run = await runNode(
          CONFORMANCE!,
          ["server", "--url", `${proxy.url}/mcp`, "--suite", "all", "-o", out],
          { env: { HOME: box.home } },
        );
        const checks = await readChecks(out);
        const failed: string[] = [];
        const passed: string[] = [];
        for (const [scenario, list] of checks) {
          const bad = list.filter((c) => c.status === "FAILURE");
          if (bad.length === 0 && list.length > 0) passed.push(scenario);
          else {failed.push(`${scenario}: ${
              bad.map((c) => c.errorMessage ?? c.description).join("; ")
            }`);}
        }
        const unexpected = failed.filter((line) => !Object.hasOwn(NOT_OFFERED, line.split(":")[0]));
        assert.deepEqual(
          unexpected,
          [],
          `new failures:\n${unexpected.join("\n")}\n\n${run.stdout}`,
        );
        const stale = passed.filter((scenario) => Object.hasOwn(NOT_OFFERED, scenario));
        assert.deepEqual(stale, [], "these now pass: take them off NOT_OFFERED");
        // Every scenario the suite lists ran, and the core ones are among the passes.
        for (const scenario of Object.keys(NOT_OFFERED)) assert.ok(checks.has(scenario), scenario);
        for (
          const core of [
            "server-initialize",
            "ping",
            "tools-list",
            "resources-list",
            "prompts-list",
            "dns-rebinding-protection",
          ]
        ) assert.ok(passed.includes(core), `${core} passes (passed: ${passed.join(", ")})`);
        const real = passed.filter((scenario) => !VACUOUS.includes(scenario));
        assert.deepEqual([...checks.keys()].sort(), scenarios.sort(), "every listed scenario ran");
        console.log(
          `conformance: ${real.length} passed (${real.join(", ")}); ` +
            `${passed.length - real.length} vacuous (${VACUOUS.join(", ")}); ` +
            `${failed.length} not offered`,
        );
      } finally {
        await proxy.close();
      }
      assert.equal((await box.run(["stop"])).code, 0);
    } finally {
      await box.cleanup();
    }
  },
});
