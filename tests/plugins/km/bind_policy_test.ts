/** Bind policy: loopback always; anything else only with the user's opt-in, never a config file's. */
import assert from "node:assert/strict";
import {
  allowRemoteFromEnv,
  checkKmBind,
  hostOrigin,
  remoteHostNames,
} from "../../../plugins/km/bind_policy.ts";
import { SuperAgentsError } from "../../../core/errors.ts";

Deno.test("loopback binds need nothing; others need the opt-in", () => {
  for (const host of ["127.0.0.1", "localhost", "::1", "[::1]", "127.0.0.5"]) {
    assert.deepEqual(checkKmBind(host, { allowRemote: false, origin: "km.host" }), {
      host,
      remote: false,
    });
  }
  for (const host of ["0.0.0.0", "::", "192.168.1.20", "km.lan"]) {
    assert.deepEqual(checkKmBind(host, { allowRemote: true, origin: "--host" }), {
      host,
      remote: true,
    });
  }
});

Deno.test("a refused bind names where the address came from and both opt-ins", () => {
  const origin = hostOrigin("project", { project: "/repo/.claude/config.json", dataHome: "/h" });
  assert.equal(origin, "km.host in /repo/.claude/config.json");
  assert.throws(() => checkKmBind("0.0.0.0", { allowRemote: false, origin }), (error) => {
    assert.ok(error instanceof SuperAgentsError);
    assert.equal(error.code, "KM_REMOTE_NOT_ALLOWED");
    assert.equal(error.exitCode, 1);
    assert.match(error.message, /km\.host in \/repo\/\.claude\/config\.json is "0\.0\.0\.0"/);
    assert.match(error.hint!, /--allow-remote/);
    assert.match(error.hint!, /SUPER_AGENTS_KM_ALLOW_REMOTE=1/);
    assert.match(error.hint!, /remove km\.host from \/repo\/\.claude\/config\.json/);
    return true;
  });
  assert.equal(
    hostOrigin("global", { project: "/p", dataHome: "/h" }),
    "km.host in /h/config.json",
  );
  assert.match(hostOrigin("env", { project: "/p", dataHome: "/h" }), /SUPER_AGENTS_KM_HOST/);
});

Deno.test("the environment opt-in is 1, true or yes; a remote KM answers to its address", () => {
  for (const value of ["1", "true", "YES"]) {
    assert.equal(allowRemoteFromEnv(() => value), true, value);
  }
  for (const value of [undefined, "", "0", "no", "false"]) {
    assert.equal(allowRemoteFromEnv(() => value), false, String(value));
  }
  assert.deepEqual(remoteHostNames("192.168.1.20"), ["192.168.1.20"]);
  assert.deepEqual(remoteHostNames("[fd00::1]"), ["fd00::1"]);
  const wildcard = remoteHostNames("0.0.0.0");
  assert.ok(wildcard.includes("127.0.0.1"), `interface addresses: ${wildcard}`);
  assert.ok(wildcard.every((address) => !address.includes(":")), "IPv4 only for 0.0.0.0");
});
