/**
 * The KM's Host/Origin check with its port known (as the listener runs it):
 * only loopback names with the KM's own port, or the addresses of a
 * remote-enabled KM; an Origin must be one of those origins.
 */
import assert from "node:assert/strict";
import { checkHostAndOrigin, guardRefusalResponse } from "../../../core/km_client/host_guard.ts";

const port = 5001;

function request(headers: Record<string, string>): Request {
  return new Request(`http://127.0.0.1:${port}/api/knowledge`, { headers });
}

Deno.test("the KM's loopback names with its own port pass; anything else is 421", () => {
  for (const host of ["127.0.0.1:5001", "localhost:5001", "[::1]:5001", "LOCALHOST:5001"]) {
    assert.equal(checkHostAndOrigin(request({ host }), { port }), undefined, host);
  }
  for (
    const host of [
      "evil.example:5001",
      "evil.example",
      "127.0.0.1",
      "127.0.0.1:5002",
      "localhost:80",
      "127.0.0.1.nip.io:5001",
      "user@127.0.0.1:5001",
      "192.168.1.20:5001",
      "",
    ]
  ) {
    const refusal = checkHostAndOrigin(request({ host }), { port });
    assert.equal(refusal?.status, 421, host);
    assert.equal(refusal?.code, "KM_HOST_NOT_ALLOWED");
    assert.match(refusal!.hint, /127\.0\.0\.1:5001/);
  }
});

Deno.test("a remote-enabled KM also answers to its own address", () => {
  const allowedHosts = ["192.168.1.20", "fd00::1"];
  for (const host of ["192.168.1.20:5001", "[fd00::1]:5001", "127.0.0.1:5001"]) {
    assert.equal(checkHostAndOrigin(request({ host }), { port, allowedHosts }), undefined, host);
  }
  assert.equal(
    checkHostAndOrigin(request({ host: "192.168.1.21:5001" }), { port, allowedHosts })?.status,
    421,
  );
  const origin = "http://192.168.1.20:5001";
  assert.equal(
    checkHostAndOrigin(request({ host: "192.168.1.20:5001", origin }), { port, allowedHosts }),
    undefined,
  );
});

Deno.test("an Origin must be one of the KM's own origins", () => {
  const host = "127.0.0.1:5001";
  for (const origin of ["http://127.0.0.1:5001", "http://localhost:5001", "http://[::1]:5001"]) {
    assert.equal(checkHostAndOrigin(request({ host, origin }), { port }), undefined, origin);
  }
  for (
    const origin of [
      "https://evil.example",
      "http://127.0.0.1:5002",
      "http://127.0.0.1",
      "null",
      "file://",
      "not a url",
    ]
  ) {
    const refusal = checkHostAndOrigin(request({ host, origin }), { port });
    assert.equal(refusal?.status, 403, origin);
    assert.equal(refusal?.code, "KM_ORIGIN_NOT_ALLOWED");
  }
});

Deno.test("a refusal answers JSON naming the fix", async () => {
  const refusal = checkHostAndOrigin(request({ host: "evil.example" }), { port })!;
  const response = guardRefusalResponse(refusal);
  assert.equal(response.status, 421);
  const { error } = await response.json();
  assert.equal(error.code, "KM_HOST_NOT_ALLOWED");
  assert.match(error.message, /evil\.example/);
  assert.match(error.hint, /--allow-remote/);
});
