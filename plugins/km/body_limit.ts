/**
 * Request bodies with a size limit and a deadline, for every KM route that
 * reads one (the JSON API, MCP, and whatever a plugin mounts). A declared
 * `Content-Length` over the limit is refused with 413 before a byte is read;
 * a chunked body is counted while it streams and refused (413) as soon as it
 * passes the limit; a body that has not fully arrived within the deadline is
 * refused with 408. Nothing is buffered beyond the limit, so a hostile client
 * costs the KM at most `maxBytes` of memory per request.
 * @module
 */

/** The limits of one server. */
export interface BodyLimits {
  /** Largest accepted body (km.maxBodyBytes). */
  maxBytes: number;
  /** How long the whole body may take to arrive (km.bodyTimeoutMs). */
  timeoutMs: number;
}

/** A refused body: the status, a stable code and the fix. */
export interface BodyRefusal {
  status: 408 | 413;
  code: "PAYLOAD_TOO_LARGE" | "REQUEST_TIMEOUT";
  message: string;
  hint: string;
}

/**
 * Reads the whole body of `request` within `limits`; an empty array when it
 * has none.
 *
 * @example
 * ```ts
 * const body = await readBodyWithin(request, { maxBytes: 1 << 20, timeoutMs: 30_000 });
 * if (!(body instanceof Uint8Array)) return bodyRefusalResponse(body);
 * ```
 */
export async function readBodyWithin(
  request: Request,
  limits: BodyLimits,
): Promise<Uint8Array<ArrayBuffer> | BodyRefusal> {
  const declared = Number(request.headers.get("content-length") ?? "NaN");
  if (declared > limits.maxBytes) {
    await request.body?.cancel();
    return tooLarge(limits.maxBytes);
  }
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<"expired">((resolve) => {
    timer = setTimeout(() => resolve("expired"), limits.timeoutMs);
  });
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const next = await Promise.race([reader.read(), expired]);
      if (next === "expired") {
        await reader.cancel();
        return {
          status: 408,
          code: "REQUEST_TIMEOUT",
          message: `the request body did not arrive within ${limits.timeoutMs} ms`,
          hint: "send the whole body without pausing; on a slow link raise km.bodyTimeoutMs " +
            "with `super-agents config set`",
        };
      }
      if (next.done) break;
      size += next.value.byteLength;
      if (size > limits.maxBytes) {
        await reader.cancel();
        return tooLarge(limits.maxBytes);
      }
      chunks.push(next.value);
    }
  } finally {
    clearTimeout(timer);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * Puts the limits in front of `handler`: a request with a body reaches it
 * with the body already read (and within the limits); others pass untouched.
 *
 * @example
 * ```ts
 * Deno.serve(withBodyLimits(app.handle, { maxBytes: 1 << 20, timeoutMs: 30_000 }));
 * ```
 */
export function withBodyLimits(
  handler: (request: Request) => Promise<Response>,
  limits: BodyLimits,
): (request: Request) => Promise<Response> {
  return async (request) => {
    if (!request.body) return await handler(request);
    const body = await readBodyWithin(request, limits);
    if (!(body instanceof Uint8Array)) return bodyRefusalResponse(body);
    // Not `new Request(request, …)`: copying the signal of a served request makes Deno warn.
    return await handler(
      new Request(request.url, { method: request.method, headers: request.headers, body }),
    );
  };
}

/**
 * The JSON answer for a refusal: `{ error: { code, message, hint } }`. The
 * connection is closed, since the rest of the body was never read.
 */
export function bodyRefusalResponse(refusal: BodyRefusal): Response {
  const { status, code, message, hint } = refusal;
  return Response.json({ error: { code, message, hint } }, {
    status,
    headers: { connection: "close" },
  });
}

function tooLarge(maxBytes: number): BodyRefusal {
  return {
    status: 413,
    code: "PAYLOAD_TOO_LARGE",
    message: `the body exceeds ${maxBytes} bytes`,
    hint: "split the content, or raise km.maxBodyBytes with `super-agents config set`",
  };
}
