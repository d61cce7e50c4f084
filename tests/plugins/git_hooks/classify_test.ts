import assert from "node:assert/strict";
import { agentsFor, classifyChange, localAgentsFor } from "../../../plugins/git_hooks/classify.ts";
import { pushRanges } from "../../../plugins/git_hooks/pre_push.ts";
import { createGitRepo } from "../../support/git_repo.ts";

Deno.test("classify: code, tests, docs, API and dependencies", () => {
  assert.deepEqual(classifyChange(["src/a.ts"]), ["code"]);
  assert.deepEqual(classifyChange(["tests/a_test.ts", "src/b.test.js"]), ["tests"]);
  assert.deepEqual(classifyChange(["README.md", "docs/guide.txt"]), ["docs"]);
  assert.deepEqual(classifyChange(["api/openapi.yaml"]), ["api"]);
  assert.deepEqual(classifyChange(["src/api/users.ts"]), ["api", "code"]);
  assert.deepEqual(classifyChange(["package.json", "deno.lock"]), ["dependencies"]);
  assert.deepEqual(classifyChange(["logo.png"]), []);
});

Deno.test("classify: agents per class, with per-agent opt-out", () => {
  assert.deepEqual(agentsFor(["code"], []), ["security-agent", "test-executor-agent"]);
  assert.deepEqual(agentsFor(["api", "docs"], []), [
    "contract-guardian-agent",
    "documentation-agent",
  ]);
  assert.deepEqual(agentsFor(["code", "dependencies"], ["security-agent"]), [
    "test-executor-agent",
  ]);
  assert.deepEqual(agentsFor([], []), []);
});

Deno.test("pre-push: ranges from stdin, new branches, deletions and the pre-commit framework", async () => {
  const repo = await createGitRepo();
  try {
    const first = await repo.commit("one", { "a.ts": "1" });
    const second = await repo.commit("two", { "a.ts": "2" });
    const zero = "0".repeat(40);
    const env = (_: string) => undefined;
    assert.deepEqual(
      await pushRanges(
        repo.dir,
        `refs/heads/main ${second} refs/heads/main ${first}\n`,
        "origin",
        env,
      ),
      [{ from: first, to: second }],
    );
    // A new branch on a remote that has nothing: from the empty tree.
    const fresh = await pushRanges(
      repo.dir,
      `refs/heads/main ${second} refs/heads/main ${zero}\n`,
      "origin",
      env,
    );
    assert.deepEqual(fresh, [{ from: "4b825dc642cb6eb9a060e54bf8d69288fbee4904", to: second }]);
    assert.deepEqual(
      await pushRanges(repo.dir, `(delete) ${zero} refs/heads/x ${first}\n`, "origin", env),
      [],
    );
    const framework = (name: string) =>
      ({ PRE_COMMIT_FROM_REF: first, PRE_COMMIT_TO_REF: second })[name];
    assert.deepEqual(await pushRanges(repo.dir, "", undefined, framework), [{
      from: first,
      to: second,
    }]);
  } finally {
    await repo.cleanup();
  }
});

Deno.test("classify: local checks per class, with the same per-agent opt-out", () => {
  assert.deepEqual(localAgentsFor(["docs"], []), ["filesystem-guardian-check", "secret-scan"]);
  assert.deepEqual(localAgentsFor(["code", "dependencies"], ["filesystem-guardian-check"]), [
    "contract-guardian-check",
    "dependency-check",
    "secret-scan",
  ]);
  assert.deepEqual(localAgentsFor([], []), []);
});
