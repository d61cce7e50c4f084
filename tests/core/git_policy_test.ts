/**
 * The git argument policy: revisions from outside are validated and placed
 * after `--end-of-options`, a `-`-prefixed value is refused before git runs,
 * and every invocation carries the neutral environment and the `-c` options
 * that stop a repository's config from starting programs.
 * @module
 */

import assert from "node:assert/strict";
import { assertRevision, gitInvocation, parseRange, revisionArgs } from "../../core/git_policy.ts";
import { SuperAgentsError } from "../../core/errors.ts";

function refused(run: () => unknown, pattern: RegExp): SuperAgentsError {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof SuperAgentsError, `expected a refusal, got ${caught}`);
  assert.equal(caught.code, "GIT_ARGUMENT_REFUSED");
  assert.equal(caught.exitCode, 2);
  assert.match(caught.message, pattern);
  assert.match(caught.hint ?? "", /origin\/main/);
  return caught;
}

Deno.test("git policy: a revision that starts with '-' is refused as an option", () => {
  const error = refused(() => assertRevision("-p", "since"), /"-p".*option/);
  assert.match(error.message, /since/);
  refused(() => assertRevision("--output=/tmp/x", "since"), /option/);
});

Deno.test("git policy: `--output=/x..HEAD` is refused as a range", () => {
  refused(() => parseRange("--output=/x..HEAD"), /"--output=\/x".*option/);
  refused(() => parseRange("HEAD..--output=/x"), /"--output=\/x"/);
  refused(() => revisionArgs(["--output=/x..HEAD"]), /option/);
});

Deno.test("git policy: revisions follow check-ref-format-like rules", () => {
  for (
    const good of [
      "HEAD",
      "HEAD~3",
      "HEAD^",
      "HEAD^2~1",
      "@",
      "main",
      "origin/main",
      "v1.2.0",
      "feature/login-form",
      "release_2024+hotfix",
      "3f8b1ab",
      "4b825dc642cb6eb9a060e54bf8d69288fbee4904",
    ]
  ) assert.equal(assertRevision(good, "ref"), good);
  for (
    const bad of [
      "",
      "a b",
      "a:b",
      "HEAD:secret.txt",
      "main@{1}",
      "x^{tree}",
      ".hidden",
      "refs/.x",
      "a//b",
      "a/",
      "a.",
      "topic.lock",
      "a..b",
      "a;rm",
      "$(id)",
      "a\nb",
      "*",
      "x".repeat(300),
    ]
  ) refused(() => assertRevision(bad, "ref"), /not a git revision|empty/);
});

Deno.test("git policy: a range is two revisions separated by two dots", () => {
  assert.deepEqual(parseRange("main..HEAD~1"), { from: "main", to: "HEAD~1" });
  assert.deepEqual(parseRange("3f8b1ab..v2"), { from: "3f8b1ab", to: "v2" });
  refused(() => parseRange("main"), /from\.\.to/);
  refused(() => parseRange("a...b"), /not a git revision/);
  refused(() => parseRange("..HEAD"), /empty/);
});

Deno.test("git policy: revisions pass after --end-of-options", () => {
  assert.deepEqual(revisionArgs(["main", "HEAD"]), ["--end-of-options", "main", "HEAD"]);
});

Deno.test("git policy: the neutral scope pins the environment and the -c options", () => {
  const env: Record<string, string> = {
    PATH: "/usr/bin",
    HOME: "/home/u",
    GIT_DIR: "/repo/.git",
    GIT_INDEX_FILE: "/repo/.git/next-index",
    GIT_WORK_TREE: "/repo",
    GIT_EXTERNAL_DIFF: "/tmp/evil",
    GIT_CONFIG_PARAMETERS: "'core.fsmonitor'='/tmp/evil'",
    GIT_SSH_COMMAND: "/tmp/evil",
  };
  const invocation = gitInvocation(["diff", "--raw", "--cached"], { env: (name) => env[name] });
  assert.equal(invocation.clearEnv, true);
  assert.deepEqual(invocation.env, {
    PATH: "/usr/bin",
    GIT_DIR: "/repo/.git",
    GIT_INDEX_FILE: "/repo/.git/next-index",
    GIT_WORK_TREE: "/repo",
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: "/dev/null",
    GIT_TERMINAL_PROMPT: "0",
    GIT_PAGER: "cat",
  });
  const args = invocation.args;
  assert.equal(args[0], "--no-pager");
  const config = args.flatMap((arg, i) => args[i - 1] === "-c" ? [arg] : []);
  for (
    const pinned of [
      "core.hooksPath=/dev/null",
      "core.fsmonitor=false",
      "core.pager=cat",
      "log.showSignature=false",
    ]
  ) assert.ok(config.includes(pinned), `missing -c ${pinned}`);
  const diff = args.indexOf("diff");
  assert.deepEqual(args.slice(diff), [
    "diff",
    "--no-ext-diff",
    "--no-textconv",
    "--raw",
    "--cached",
  ]);
});

Deno.test("git policy: the caller's -c options come first, the pinned ones win", () => {
  const { args } = gitInvocation(["-c", "core.fsmonitor=/x", "ls-files", "-z"], {
    env: () => undefined,
  });
  assert.ok(args.indexOf("core.fsmonitor=/x") < args.indexOf("core.fsmonitor=false"));
  assert.deepEqual(args.slice(args.indexOf("ls-files")), ["ls-files", "-z"]);
});

Deno.test("git policy: the user scope keeps the user's git setup but no pager or fsmonitor", () => {
  const invocation = gitInvocation(["rev-parse", "--git-path", "hooks"], {
    scope: "user",
    env: () => "x",
  });
  assert.equal(invocation.clearEnv, false);
  assert.deepEqual(invocation.env, { GIT_TERMINAL_PROMPT: "0", GIT_PAGER: "cat" });
  assert.ok(!invocation.args.includes("core.hooksPath=/dev/null"));
  assert.ok(invocation.args.includes("core.fsmonitor=false"));
});
