/** Sandbox specs → worker permissions, and the boundary error text. */
import assert from "node:assert/strict";
import { parseDenial } from "../../../core/pool/boundary_error.ts";
import { sandboxKey, workerPermissions } from "../../../core/pool/sandbox.ts";

const place = { root: "/p", workspacesDir: "/p/.claude/workspaces", modelApiHost: "api.example" };

Deno.test("sandbox: defaults read the project, write the workspace, reach the model host", () => {
  assert.deepEqual(workerPermissions({}, place, ["/p/.claude/workspaces/job_1"]), {
    read: ["/p"],
    write: ["/p/.claude/workspaces/job_1"],
    net: ["api.example"],
    run: false,
    env: false,
    import: false,
    sys: false,
    ffi: false,
  });
});

Deno.test("sandbox: an import grant names hosts, never everything; none by default", () => {
  assert.deepEqual(
    workerPermissions({ import: ["127.0.0.1:8080", "plugins.example"] }, place).import,
    ["127.0.0.1:8080", "plugins.example"],
  );
  assert.equal(workerPermissions({ import: [] }, place).import, false);
  for (const hostile of [true, ["*"], ["https://x.dev/"], ["x.dev/evil"], [""], "x.dev"]) {
    assert.throws(
      () => workerPermissions({ import: hostile } as never, place),
      /import/,
      JSON.stringify(hostile),
    );
  }
  assert.notEqual(
    sandboxKey("noop", { import: ["a.example"] }, place),
    sandboxKey("noop", { import: ["b.example"] }, place),
  );
});

Deno.test("sandbox: relative grants resolve against the root; empty lists grant nothing", () => {
  const permissions = workerPermissions(
    { read: ["src", "/etc/hosts"], write: ["out"], net: [], env: ["HOME"], run: true },
    place,
  );
  assert.deepEqual(permissions.read, ["/p/src", "/etc/hosts"]);
  assert.deepEqual(permissions.write, ["/p/out"]);
  assert.equal(permissions.net, false);
  assert.deepEqual(permissions.env, ["HOME"]);
  assert.equal(permissions.run, true);
});

Deno.test("sandbox: the reuse key ignores the job but not the permissions or executor", () => {
  assert.equal(sandboxKey("noop", {}, place), sandboxKey("noop", {}, place));
  assert.notEqual(sandboxKey("noop", {}, place), sandboxKey("script", {}, place));
  assert.notEqual(sandboxKey("noop", {}, place), sandboxKey("noop", { env: ["HOME"] }, place));
});

Deno.test("sandbox: Deno's denial message is parsed into operation and target", () => {
  assert.deepEqual(
    parseDenial('Requires write access to "/tmp/x", run again with the --allow-write flag'),
    { permission: "write", target: "/tmp/x" },
  );
  assert.deepEqual(parseDenial('Requires net access to "127.0.0.1:80", run again'), {
    permission: "net",
    target: "127.0.0.1:80",
  });
  assert.equal(parseDenial("something else").permission, "unknown");
});
