/**
 * Path traversal refusal: `..` escapes, absolute paths elsewhere, symlinks
 * (also dangling ones and links in parent directories) leading outside are
 * refused with PATH_OUTSIDE_ROOT; paths inside, including not-yet-existing
 * ones and links that stay inside, resolve.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { SuperAgentsError } from "../../core/errors.ts";
import {
  containsParentSegment,
  isInside,
  isRelativeInside,
  resolveInside,
  within,
} from "../../core/safe_path.ts";

async function refused(promise: Promise<unknown>, reason: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof SuperAgentsError);
    assert.equal(error.code, "PATH_OUTSIDE_ROOT");
    assert.match(error.message, reason);
    assert.ok(error.hint);
    return true;
  });
}

Deno.test("resolveInside: paths inside resolve to their physical path", async () => {
  const base = await Deno.realPath(await Deno.makeTempDir({ prefix: "sa-safe-" }));
  const root = join(base, "root");
  try {
    await Deno.mkdir(join(root, "src"), { recursive: true });
    await Deno.writeTextFile(join(root, "src", "a.ts"), "");
    await Deno.symlink(join(root, "src"), join(root, "alias"));
    assert.equal(await resolveInside(root, "src/a.ts"), join(root, "src", "a.ts"));
    assert.equal(await resolveInside(root, join(root, "src/a.ts")), join(root, "src", "a.ts"));
    assert.equal(await resolveInside(root, "new/dir/file.txt"), join(root, "new/dir/file.txt"));
    assert.equal(await resolveInside(root, "src/../src/a.ts"), join(root, "src", "a.ts"));
    assert.equal(await resolveInside(root, "alias/a.ts"), join(root, "src", "a.ts"));
  } finally {
    await Deno.remove(base, { recursive: true });
  }
});

Deno.test("resolveInside: ../, absolute elsewhere and symlink escapes are refused", async () => {
  const base = await Deno.realPath(await Deno.makeTempDir({ prefix: "sa-safe-" }));
  const root = join(base, "root");
  const outside = join(base, "outside");
  try {
    await Deno.mkdir(root, { recursive: true });
    await Deno.mkdir(outside, { recursive: true });
    await Deno.writeTextFile(join(outside, "secret.txt"), "no");
    await refused(resolveInside(root, "../outside/secret.txt"), /\.\. segments climb out/);
    await refused(resolveInside(root, "a/../../outside"), /climb out/);
    await refused(resolveInside(root, "/etc/passwd"), /absolute path elsewhere/);
    await refused(resolveInside(root, join(base, "root-sibling")), /absolute/);
    await Deno.symlink(outside, join(root, "escape"));
    await refused(resolveInside(root, "escape/secret.txt"), /symbolic link leads to/);
    await refused(resolveInside(root, "escape/new-file.txt"), /symbolic link/);
    await Deno.symlink(join(outside, "not-yet"), join(root, "dangling"));
    await refused(resolveInside(root, "dangling"), /symbolic link/);
    await refused(resolveInside(root, ""), /empty/);
    await refused(resolveInside(root, "a\0b"), /NUL/);
  } finally {
    await Deno.remove(base, { recursive: true });
  }
});

Deno.test("isInside and the lexical checks", async () => {
  const base = await Deno.realPath(await Deno.makeTempDir({ prefix: "sa-safe-" }));
  try {
    await Deno.symlink("/", join(base, "to-root"));
    assert.equal(await isInside(base, "sub/file"), true);
    assert.equal(await isInside(base, "to-root/etc"), false);
    assert.equal(await isInside(join(base, "sub"), base), false);
  } finally {
    await Deno.remove(base, { recursive: true });
  }
  assert.equal(containsParentSegment("a/../b"), true);
  assert.equal(containsParentSegment("a\\..\\b"), true);
  assert.equal(containsParentSegment("a..b/c"), false);
  assert.equal(isRelativeInside(".claude/state"), true);
  assert.equal(isRelativeInside("a/../b"), true);
  assert.equal(isRelativeInside("../x"), false);
  assert.equal(isRelativeInside("a/../../x"), false);
  assert.equal(isRelativeInside("/etc/passwd"), false);
});

Deno.test("within: the root and what lies under it, not its parent, a sibling sharing its prefix, or a way up", () => {
  assert.equal(within("/repo", "/repo"), true);
  assert.equal(within("/repo", "/repo/src/a.ts"), true);
  assert.equal(within("/repo", "/repo/..cache/x"), true); // a name, not a way up
  assert.equal(within("/repo", "/"), false);
  assert.equal(within("/repo", "/repo-other/a.ts"), false);
  assert.equal(within("/repo", "/repo/../etc/passwd"), false);
});
