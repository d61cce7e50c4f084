/** The renamed check and agent names: the table, the config rewrite and hostile inputs. */
import assert from "node:assert/strict";
import {
  agentFilter,
  currentAgentName,
  currentNames,
  RENAMED_AGENTS,
  RENAMED_CHECKS,
  renameLegacyNames,
} from "../../../core/config/renamed_names.ts";
import { CHECK_NAMES } from "../../../plugins/local_checks/types.ts";

Deno.test("renamed names: every old name maps to a current check; no current name is old", () => {
  for (const current of Object.values(RENAMED_CHECKS)) {
    assert.ok((CHECK_NAMES as readonly string[]).includes(current), current);
  }
  for (const name of CHECK_NAMES) assert.ok(!Object.hasOwn(RENAMED_CHECKS, name), name);
  assert.deepEqual(RENAMED_AGENTS, {
    "contract-check": "contract-guardian-check",
    "fs-guard": "filesystem-guardian-check",
    "test-runner": "test-executor-check",
  });
});

Deno.test("renamed names: currentNames renames, keeps order, drops the duplicates a rename makes", () => {
  const notices: string[] = [];
  const names = currentNames(
    ["fs-guard", "secret-scan", "filesystem-guardian", "filesystem-guardian-check"],
    RENAMED_CHECKS,
    (line) => notices.push(line),
    "--checks",
  );
  assert.deepEqual(names, ["filesystem-guardian-check", "secret-scan"]);
  assert.equal(notices.length, 2);
  assert.match(notices[0], /"fs-guard" in --checks is deprecated, use "filesystem-guardian-check"/);
  assert.doesNotMatch(notices.join("\n"), /\n.*\n/); // one line each
});

Deno.test("renamed names: prototype keys and unknown names pass through unrenamed", () => {
  const notices: string[] = [];
  const hostile = ["__proto__", "constructor", "toString", "hasOwnProperty", "", "fs-guard "];
  assert.deepEqual(
    currentNames(hostile, RENAMED_CHECKS, (line) => notices.push(line)),
    hostile,
  );
  assert.deepEqual(notices, []);
  assert.equal(currentAgentName("constructor", []), "constructor");
  assert.equal(currentAgentName("__proto__", []), "__proto__");
});

Deno.test("renamed names: an agent that really has an old name keeps it (no notice)", () => {
  const notices: string[] = [];
  const notice = (line: string) => notices.push(line);
  assert.equal(currentAgentName("fs-guard", ["fs-guard", "secret-scan"], notice), "fs-guard");
  assert.equal(currentAgentName("test-runner", ["test-runner-agent"], notice), "test-runner");
  assert.deepEqual(notices, []);
  assert.equal(
    currentAgentName("test-runner", ["test-executor-check"], notice),
    "test-executor-check",
  );
  assert.equal(notices.length, 1);
});

Deno.test("renamed names: a config file's lists, dotted keys and SLO keys are rewritten", () => {
  const raw = {
    schemaVersion: 1,
    checks: { enabled: ["secret-scan", "contract-guardian", "dependency-guard"], failOn: "error" },
    "hooks.prePushChecks": ["fs-guard"],
    hooks: { disabledAgents: ["test-runner", "contract-guardian", "security-agent"] },
    analytics: {
      slos: {
        "fs-guard": { latencyP95Ms: 200 },
        "contract-check": { latencyP95Ms: 1 },
        "contract-guardian-check": { latencyP95Ms: 2 },
      },
    },
  };
  const before = structuredClone(raw);
  const { value, renamed, notices } = renameLegacyNames(raw, "/p/.claude/config.json");
  assert.deepEqual(raw, before, "the input is not changed");
  assert.deepEqual(value, {
    schemaVersion: 1,
    checks: {
      enabled: ["secret-scan", "contract-guardian-check", "dependency-check"],
      failOn: "error",
    },
    "hooks.prePushChecks": ["filesystem-guardian-check"],
    // disabledAgents holds agent names: `contract-guardian` is no renamed agent, so it stays.
    hooks: { disabledAgents: ["test-executor-check", "contract-guardian", "security-agent"] },
    analytics: {
      slos: {
        "filesystem-guardian-check": { latencyP95Ms: 200 },
        // A setting under the current name wins over the old one.
        "contract-guardian-check": { latencyP95Ms: 2 },
      },
    },
  });
  assert.equal(renamed.length, 6);
  assert.equal(notices.length, 6);
  assert.match(notices[0], /config\.json \(checks\.enabled\) is deprecated/);
});

Deno.test("renamed names: values of the wrong shape are left for the schema to report", () => {
  for (
    const raw of [
      { checks: { enabled: "fs-guard" } },
      { checks: { enabled: ["fs-guard", 3] } },
      { checks: ["fs-guard"] },
      { hooks: null },
      { analytics: { slos: ["fs-guard"] } },
      { "checks.enabled": { 0: "fs-guard" } },
    ]
  ) {
    const { value, notices } = renameLegacyNames(raw, "config.json");
    assert.deepEqual(value, raw);
    assert.deepEqual(notices, []);
  }
  // A JSON file's "__proto__" key is an own property: it is neither followed nor renamed.
  const proto = JSON.parse('{"__proto__": {"enabled": ["fs-guard"]}, "checks": {}}');
  const { value, notices } = renameLegacyNames(proto, "config.json");
  assert.deepEqual(notices, []);
  assert.equal(Object.getPrototypeOf(value), Object.prototype);
});

Deno.test("renamed names: a worker's --agents filter matches jobs under the old and the current name", () => {
  const notices: string[] = [];
  const notice = (line: string) => notices.push(line);
  assert.deepEqual(agentFilter(["fs-guard", "reviewer-agent"], notice).sort(), [
    "filesystem-guardian-check",
    "fs-guard",
    "reviewer-agent",
  ]);
  assert.equal(notices.length, 1);
  assert.deepEqual(agentFilter(["test-executor-check"], notice).sort(), [
    "test-executor-check",
    "test-runner",
  ]);
  assert.equal(notices.length, 1, "a current name prints nothing");
  assert.deepEqual(agentFilter(["__proto__", "constructor"], notice), ["__proto__", "constructor"]);
});
