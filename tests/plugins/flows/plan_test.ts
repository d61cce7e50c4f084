/**
 * The architect's plan: found in its reply's last ```json block, validated
 * with zod (the field named), ordered by dependencies; duplicates, unknown
 * dependencies, cycles and owned paths that leave the project refused; a
 * reply without a plan is no plan; the width window.
 */
import assert from "node:assert/strict";
import { outsideOwned, planOf, windowed } from "../../../plugins/flows/plan.ts";
import { SuperAgentsError } from "../../../core/errors.ts";

const reply = (value: unknown) => "Design.\n\n```json\n" + JSON.stringify(value) + "\n```\n";

function refused(text: string, message: RegExp): void {
  assert.throws(() => planOf(text), (error: unknown) => {
    assert.ok(error instanceof SuperAgentsError);
    assert.equal(error.code, "FLOW_PLAN_INVALID");
    assert.equal(error.details?.retryable, false);
    assert.match(error.message, message);
    return true;
  });
}

Deno.test("plan: subtasks in dependency order, from the last json block", () => {
  const plan = planOf(
    reply({ subtasks: [{ id: "old", title: "ignored" }] }) +
      reply({
        subtasks: [
          { id: "ui", title: "UI", owns: ["src/ui.ts"], dependsOn: ["api"] },
          { id: "api", title: "API", owns: ["src/api.ts"] },
        ],
      }),
  );
  assert.deepEqual(plan?.subtasks.map((s) => s.id), ["api", "ui"]);
  assert.deepEqual(plan?.subtasks[1].owns, ["src/ui.ts"]);
});

Deno.test("plan: a reply without a plan is none; a json block without subtasks is ignored", () => {
  assert.equal(planOf("No split needed: one change in src/a.ts."), undefined);
  assert.equal(planOf(reply({ decision: "keep it" })), undefined);
  assert.equal(planOf("```json\n{not json\n```"), undefined);
});

Deno.test("plan: hostile plans are refused with the field named", () => {
  refused(reply({ subtasks: [] }), /subtasks: Too small: expected array to have >=1 items/);
  refused(
    reply({ subtasks: [{ id: "A B", title: "x" }] }),
    /subtasks\.0\.id: a subtask id is lower-case/,
  );
  refused(
    reply({ subtasks: [{ id: "a", title: "x", owns: ["/etc/passwd"] }] }),
    /owns\.0: an owned path is relative/,
  );
  refused(reply({ subtasks: [{ id: "a", title: "x", owns: ["src/../../x"] }] }), /owns\.0/);
  refused(
    reply({ subtasks: [{ id: "a", title: "x", extra: 1 }] }),
    /subtasks\.0: Unrecognized key: "extra"/,
  );
  refused(
    reply({ subtasks: [{ id: "a", title: "x" }, { id: "a", title: "y" }] }),
    /two subtasks are named "a"/,
  );
  refused(
    reply({ subtasks: [{ id: "a", title: "x", dependsOn: ["ghost"] }] }),
    /subtask "a" depends on "ghost", which is not a subtask of the plan/,
  );
  refused(
    reply({
      subtasks: [
        { id: "a", title: "x", dependsOn: ["b"] },
        { id: "b", title: "y", dependsOn: ["a"] },
      ],
    }),
    /the subtasks have a cycle: a → b → a/,
  );
  refused(
    reply({ subtasks: Array.from({ length: 51 }, (_, i) => ({ id: `s${i}`, title: "t" })) }),
    /subtasks: Too big: expected array to have <=50 items/,
  );
});

Deno.test("plan: the width window makes each subtask wait for the one width places before it", () => {
  const subtasks = ["a", "b", "c", "d", "e"].map((id) => ({
    id,
    dependsOn: id === "d" ? ["a"] : [],
  }));
  const two = windowed(subtasks, 2);
  assert.deepEqual([...two.entries()], [
    ["a", []],
    ["b", []],
    ["c", ["a"]],
    ["d", ["a", "b"]],
    ["e", ["c"]],
  ]);
  assert.deepEqual(
    [...windowed(subtasks, 5).values()].flat(),
    ["a"],
    "wide enough: only their own",
  );
});

Deno.test("outsideOwned: files outside the owned files and folders; nothing when the subtask owns nothing", () => {
  const changed = ["src/a.ts", "src/lib/b.ts", "srcx/c.ts", "README.md", "docs/x.md"];
  assert.deepEqual(outsideOwned(changed, ["src"]), ["srcx/c.ts", "README.md", "docs/x.md"]);
  assert.deepEqual(outsideOwned(changed, ["src/", "README.md", "./docs"]), ["srcx/c.ts"]);
  assert.deepEqual(outsideOwned(changed, ["."]), []);
  assert.deepEqual(outsideOwned(changed, []), []);
});
