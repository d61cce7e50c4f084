/**
 * Plugin permissions: the schema refuses what is not a path, host, program
 * or variable name; `widenedKinds` finds every kind in which a newer
 * manifest asks for more than was accepted (paths by containment, hosts
 * with and without ports, programs and variables exactly), and nothing
 * when it asks for the same or less.
 */
import assert from "node:assert/strict";
import {
  PluginPermissionsSchema,
  widenedKinds,
} from "../../../../core/plugin_host/external/plugin_permissions.ts";
import {
  describePermissions,
  summarizePermissions,
} from "../../../../core/plugin_host/external/describe_permissions.ts";

Deno.test("the permissions schema refuses malformed grants", () => {
  const bad = [
    { read: "yes" },
    { read: ["a\0b"] },
    { net: ["evil host"] },
    { net: ["http://x.dev"] },
    { env: ["A-B"] },
    { run: ["rm -rf"] },
    { sys: true },
    { read: [""] },
  ];
  for (const value of bad) {
    assert.equal(PluginPermissionsSchema.safeParse(value).success, false, JSON.stringify(value));
  }
  const good = {
    read: [".", "/etc/hosts"],
    write: false,
    net: ["x.dev:443", "[::1]:80"],
    run: ["git"],
    env: ["HOME"],
  };
  assert.equal(PluginPermissionsSchema.safeParse(good).success, true);
});

Deno.test("the same or narrower permissions widen nothing", () => {
  assert.deepEqual(widenedKinds({}, {}), []);
  assert.deepEqual(widenedKinds({ read: ["src"] }, { read: ["."] }), []);
  assert.deepEqual(widenedKinds({ read: ["./src/../src/a"] }, { read: ["src"] }), []);
  assert.deepEqual(widenedKinds({ net: ["x.dev:443"] }, { net: ["x.dev"] }), []);
  assert.deepEqual(widenedKinds({ run: ["git"], env: [] }, { run: ["git", "sh"] }), []);
  assert.deepEqual(widenedKinds({ write: true }, { write: true }), []);
  assert.deepEqual(widenedKinds({ read: false }, {}), []);
});

Deno.test("every kind of widening is found", () => {
  assert.deepEqual(widenedKinds({ read: ["."] }, { read: ["src"] }), ["read"]);
  assert.deepEqual(widenedKinds({ read: ["../x"] }, { read: ["."] }), ["read"]);
  assert.deepEqual(widenedKinds({ read: ["/"] }, { read: ["."] }), ["read"]);
  assert.deepEqual(widenedKinds({ write: ["srcx"] }, { write: ["src"] }), ["write"]);
  assert.deepEqual(widenedKinds({ net: ["x.dev"] }, { net: ["x.dev:443"] }), ["net"]);
  assert.deepEqual(widenedKinds({ net: ["y.dev"] }, { net: ["x.dev"] }), ["net"]);
  assert.deepEqual(widenedKinds({ run: true }, { run: ["git"] }), ["run"]);
  assert.deepEqual(widenedKinds({ env: ["TOKEN"] }, {}), ["env"]);
  assert.deepEqual(
    widenedKinds({ read: true, write: ["a"], net: true, run: ["x"], env: true }, {}),
    ["read", "write", "net", "run", "env"],
  );
});

Deno.test("permissions read as plain English, broad grants saying what they mean", () => {
  const lines = Object.fromEntries(
    describePermissions({ read: ["."], run: true, env: ["HOME"] }),
  );
  assert.match(lines.read, /^read the files in the project \(\.\) \(never \.claude\/state/);
  assert.equal(lines.write, "create, change or delete no files");
  assert.match(lines.run, /ANY program, outside this sandbox with your full rights/);
  assert.equal(lines.env, "read the environment variables HOME");
  assert.equal(summarizePermissions({ read: ["."], net: true }), "read: .; net: any");
  assert.equal(summarizePermissions({}), "none");
});
