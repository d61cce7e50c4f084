/** Host and Origin checks against DNS rebinding and cross-site calls; the safe-bind rule. */
import assert from "node:assert/strict";
import {
  assertSafeBind,
  checkRequestOrigin,
  isLoopbackHostname,
} from "../../../plugins/mcp/http_guard.ts";

function request(headers: Record<string, string>): Request {
  return new Request("http://127.0.0.1:5001/mcp", { headers });
}

Deno.test("loopback hosts pass; other hosts are refused unless allowed", () => {
  for (const host of ["127.0.0.1:5001", "localhost:5001", "[::1]:5001", "127.0.0.2"]) {
    assert.equal(checkRequestOrigin(request({ host })), undefined, host);
  }
  assert.equal(checkRequestOrigin(request({ host: "evil.example:5001" }))?.status, 403);
  assert.equal(checkRequestOrigin(request({ host: "127.0.0.1.evil.example" }))?.status, 403);
  assert.equal(
    checkRequestOrigin(request({ host: "km.lan:5001" }), { allowedHosts: ["km.lan"] }),
    undefined,
  );
});

Deno.test("no Origin and same-origin loopback pass; foreign origins are refused", () => {
  const host = "127.0.0.1:5001";
  assert.equal(checkRequestOrigin(request({ host, origin: "http://127.0.0.1:5001" })), undefined);
  for (
    const origin of [
      "https://evil.example",
      "http://127.0.0.1:9999",
      "http://localhost:5001",
      "null",
    ]
  ) {
    assert.equal(checkRequestOrigin(request({ host, origin }))?.status, 403, origin);
  }
  assert.equal(
    checkRequestOrigin(request({ host, origin: "https://dash.example" }), {
      allowedOrigins: ["https://dash.example"],
    }),
    undefined,
  );
});

Deno.test("a non-loopback bind without auth refuses to start", () => {
  assert.doesNotThrow(() => assertSafeBind("127.0.0.1", false));
  assert.doesNotThrow(() => assertSafeBind("0.0.0.0", true));
  assert.throws(() => assertSafeBind("0.0.0.0", false), /without authentication/);
  assert.equal(isLoopbackHostname("::1"), true);
  assert.equal(isLoopbackHostname("10.0.0.1"), false);
});
