/**
 * Protected paths: a broad grant never covers them; a grant that names one
 * exactly covers that path and nothing else beside it.
 */
import assert from "node:assert/strict";
import {
  HIDDEN_PATHS,
  isProtected,
  PROTECTED_PATHS,
  uncoveredProtected,
} from "../../../core/pool/protected_paths.ts";

Deno.test("a broad grant leaves every protected path protected", () => {
  for (
    const path of [
      "/p/.git/config",
      "/p/.claude/agents/a.md",
      "/p/.mcp.json",
      "/p/.claude/settings.local.json",
      "/p/.claude/state/km.token",
    ]
  ) {
    assert.equal(isProtected("/p", ["/p"], path, PROTECTED_PATHS), true, path);
    assert.equal(isProtected("/p", true, path, PROTECTED_PATHS), true, path);
  }
  assert.equal(isProtected("/p", ["/p"], "/p/src/a.ts", PROTECTED_PATHS), false);
  assert.equal(isProtected("/p", ["/p"], "/p/.gitignore", PROTECTED_PATHS), false);
  assert.equal(isProtected("/p", ["/p"], "/p/.claude/workspaces/j/x", PROTECTED_PATHS), false);
});

Deno.test("an exact grant covers that path only, not its siblings", () => {
  const grants = ["/p", "/p/.claude/agents/x.md"];
  assert.equal(isProtected("/p", grants, "/p/.claude/agents/x.md", PROTECTED_PATHS), false);
  assert.equal(isProtected("/p", grants, "/p/.claude/agents/y.md", PROTECTED_PATHS), true);
  const dir = ["/p", "/p/.claude/agents"];
  assert.equal(isProtected("/p", dir, "/p/.claude/agents/y.md", PROTECTED_PATHS), false);
  assert.equal(isProtected("/p", dir, "/p/.git/config", PROTECTED_PATHS), true);
});

Deno.test("grants that do not reach a protected path leave it alone", () => {
  assert.deepEqual(uncoveredProtected("/p", ["/p/src"], PROTECTED_PATHS), []);
  assert.deepEqual(uncoveredProtected("/p", ["/p"], HIDDEN_PATHS), ["/p/.claude/state"]);
  assert.deepEqual(uncoveredProtected("/p", ["/p/.claude/state"], HIDDEN_PATHS), []);
});
