/**
 * The MCP router's Host and Origin checks (the KM's own, re-exported) when
 * the router does not know its port, and the MCP safe-bind rule.
 */
import assert from "node:assert/strict";
import {
  assertSafeBind,
  checkHostAndOrigin,
  isLoopbackHostname,
} from "../../../plugins/mcp/http_guard.ts";

function request(headers: Record<string, string>): Request {
  return new Request("http://127.0.0.1:5001/mcp", { headers });
}

Deno.test("loopback hosts pass on any port; other hosts are 421 unless allowed", () => {
  for (const host of ["127.0.0.1:5001", "localhost:5001", "[::1]:5001", "127.0.0.2"]) {
    assert.equal(checkHostAndOrigin(request({ host })), undefined, host);
  }
  assert.equal(checkHostAndOrigin(request({ host: "evil.example:5001" }))?.status, 421);
  assert.equal(checkHostAndOrigin(request({ host: "127.0.0.1.evil.example" }))?.status, 421);
  assert.equal(
    checkHostAndOrigin(request({ host: "km.lan:5001" }), { allowedHosts: ["km.lan"] }),
    undefined,
  );
});

Deno.test("no Origin and loopback pages on the same port pass; foreign origins are 403", () => {
  const host = "127.0.0.1:5001";
  for (const origin of ["http://127.0.0.1:5001", "http://localhost:5001"]) {
    assert.equal(checkHostAndOrigin(request({ host, origin })), undefined, origin);
  }
  for (
    const origin of [
      "https://evil.example",
      "http://127.0.0.1:9999",
      "http://127.0.0.1.evil.example:5001",
      "null",
    ]
  ) {
    const refusal = checkHostAndOrigin(request({ host, origin }));
    assert.equal(refusal?.status, 403, origin);
    assert.equal(refusal?.code, "KM_ORIGIN_NOT_ALLOWED");
  }
  assert.equal(
    checkHostAndOrigin(request({ host, origin: "https://dash.example" }), {
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
