/**
 * Body limits: a declared oversize body is refused without being read, a
 * streamed one as soon as it passes the limit, a stalled one at the deadline;
 * bodies within the limits reach the handler whole.
 */
import assert from "node:assert/strict";
import { readBodyWithin, withBodyLimits } from "../../../plugins/km/body_limit.ts";

const limits = { maxBytes: 1024, timeoutMs: 50 };

/** A body that yields `chunks` and then, unless `end`, never ends; counts what was pulled. */
function stream(chunks: Uint8Array[], end = true) {
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = chunks[pulled];
      if (next) {
        pulled++;
        controller.enqueue(next);
      } else if (end) controller.close();
      // else: stall, like a client that stopped sending
    },
  });
  return { body, pulled: () => pulled };
}

function post(body: BodyInit, headers: Record<string, string> = {}): Request {
  return new Request("http://127.0.0.1:5001/api/knowledge", { method: "POST", body, headers });
}

Deno.test("a declared Content-Length over the limit is 413 before any byte is read", async () => {
  const { body, pulled } = stream([new Uint8Array(10)], false);
  const refused = await readBodyWithin(post(body, { "content-length": "419430400" }), limits);
  assert.ok(!(refused instanceof Uint8Array));
  assert.equal(refused.status, 413);
  assert.equal(refused.code, "PAYLOAD_TOO_LARGE");
  assert.equal(pulled(), 0);
});

Deno.test("a streamed body is refused once past the limit, not read to its end", async () => {
  const chunks = Array.from({ length: 100 }, () => new Uint8Array(300));
  const { body, pulled } = stream(chunks, false);
  const refused = await readBodyWithin(post(body), limits);
  assert.ok(!(refused instanceof Uint8Array));
  assert.equal(refused.status, 413);
  assert.ok(pulled() <= 5, `pulled ${pulled()} chunks`);
});

Deno.test("a body that stops arriving is 408 at the deadline", async () => {
  const { body } = stream([new TextEncoder().encode('{"title":')], false);
  const refused = await readBodyWithin(post(body), limits);
  assert.ok(!(refused instanceof Uint8Array));
  assert.equal(refused.status, 408);
  assert.equal(refused.code, "REQUEST_TIMEOUT");
  assert.match(refused.message, /50 ms/);
  assert.match(refused.hint, /km\.bodyTimeoutMs/);
});

Deno.test("withBodyLimits hands whole bodies within the limits to the handler", async () => {
  const seen: string[] = [];
  const handler = withBodyLimits(async (request) => {
    seen.push(`${request.method} ${new URL(request.url).pathname} ${await request.text()}`);
    return new Response("ok");
  }, limits);
  const { body } = stream([new TextEncoder().encode('{"a":'), new TextEncoder().encode("1}")]);
  assert.equal((await handler(post(body))).status, 200);
  assert.equal((await handler(new Request("http://127.0.0.1:5001/status"))).status, 200);
  assert.deepEqual(seen, ['POST /api/knowledge {"a":1}', "GET /status "]);
  const big = await handler(post("x".repeat(2048)));
  assert.equal(big.status, 413);
  assert.equal(big.headers.get("content-type"), "application/json");
  assert.equal((await big.json()).error.code, "PAYLOAD_TOO_LARGE");
  assert.equal(seen.length, 2, "the handler never saw the oversize body");
});
