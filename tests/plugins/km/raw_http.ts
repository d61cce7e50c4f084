/**
 * Test support: HTTP/1.1 spoken by hand over a TCP socket, for what `fetch`
 * cannot do: send a forged `Host` header (DNS rebinding), declare a body it
 * never sends, stream a chunked body until the server answers, or stall in
 * the middle of a body. The response is read while the body is still being
 * written, so a server that refuses early is seen doing so.
 * @module
 */

/** A request to send. */
export interface RawRequest {
  method?: string;
  path: string;
  /** Sent as given; add `host` yourself (default `127.0.0.1:<port>`). */
  headers?: Record<string, string>;
  /** A whole body (sent with Content-Length unless `headers` say otherwise). */
  body?: string;
  /** Chunks sent with `Transfer-Encoding: chunked`, until the server answers. */
  chunks?: Iterable<Uint8Array>;
  /** Leave a chunked body unfinished (no final empty chunk): the client stalls mid-body. */
  unfinished?: boolean;
  /** Give up (and throw) when no answer came in this time (default 15 s). */
  timeoutMs?: number;
}

/** What came back. */
export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Body bytes written before the answer (or a write failure) stopped us. */
  sentBytes: number;
}

const encoder = new TextEncoder();

/**
 * Sends one request to `127.0.0.1:port` and reads the answer.
 *
 * @example
 * ```ts
 * const answer = await rawRequest(5001, { path: "/status", headers: { host: "evil.example" } });
 * ```
 */
export async function rawRequest(port: number, request: RawRequest): Promise<RawResponse> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  const headers: Record<string, string> = { host: `127.0.0.1:${port}`, ...request.headers };
  if (request.chunks) headers["transfer-encoding"] = "chunked";
  else if (request.body !== undefined && !("content-length" in headers)) {
    headers["content-length"] = String(encoder.encode(request.body).byteLength);
  }
  headers.connection = "close";
  const head = `${request.method ?? "GET"} ${request.path} HTTP/1.1\r\n` +
    Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join("") + "\r\n";
  let answered = false;
  let sentBytes = 0;
  const timeoutMs = request.timeoutMs ?? 15_000;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(
        new Error(`no answer to ${request.method ?? "GET"} ${request.path} in ${timeoutMs} ms`),
      );
    }, timeoutMs);
  });
  const writing = (async () => {
    await writeAll(conn, encoder.encode(head));
    if (request.body !== undefined) {
      const bytes = encoder.encode(request.body);
      await writeAll(conn, bytes);
      sentBytes += bytes.byteLength;
    }
    if (!request.chunks) return;
    for (const chunk of request.chunks) {
      if (answered) return;
      await writeAll(conn, encoder.encode(`${chunk.byteLength.toString(16)}\r\n`));
      await writeAll(conn, chunk);
      await writeAll(conn, encoder.encode("\r\n"));
      sentBytes += chunk.byteLength;
    }
    if (!answered && !request.unfinished) await writeAll(conn, encoder.encode("0\r\n\r\n"));
  })().catch((error) => {
    // The server closing the socket under a body it refused is what some tests expect.
    if (
      !(error instanceof Deno.errors.BrokenPipe || error instanceof Deno.errors.ConnectionReset)
    ) {
      throw error;
    }
  });
  try {
    const response = await Promise.race([readResponse(conn), timeout]);
    answered = true;
    await writing;
    return { ...response, sentBytes };
  } finally {
    answered = true;
    clearTimeout(timer);
    conn.close();
  }
}

async function writeAll(conn: Deno.Conn, bytes: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < bytes.byteLength) offset += await conn.write(bytes.subarray(offset));
}

async function readResponse(conn: Deno.Conn): Promise<Omit<RawResponse, "sentBytes">> {
  let buffer = new Uint8Array(0);
  const chunk = new Uint8Array(64 * 1024);
  const more = async (): Promise<boolean> => {
    let n: number | null;
    try {
      n = await conn.read(chunk);
    } catch (error) {
      if (error instanceof Deno.errors.ConnectionReset) return false; // closed after answering
      throw error;
    }
    if (n === null) return false;
    const next = new Uint8Array(buffer.byteLength + n);
    next.set(buffer);
    next.set(chunk.subarray(0, n), buffer.byteLength);
    buffer = next;
    return true;
  };
  let end = -1;
  while ((end = indexOf(buffer, "\r\n\r\n")) < 0) {
    if (!await more()) throw new Error("the connection closed without an HTTP answer");
  }
  const [statusLine, ...lines] = new TextDecoder().decode(buffer.subarray(0, end)).split("\r\n");
  const status = Number(statusLine.split(" ")[1]);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const start = end + 4;
  if (headers["content-length"] !== undefined) {
    const length = Number(headers["content-length"]);
    while (buffer.byteLength - start < length && await more());
    return {
      status,
      headers,
      body: new TextDecoder().decode(buffer.subarray(start, start + length)),
    };
  }
  if (headers["transfer-encoding"]?.includes("chunked")) {
    while (indexOf(buffer.subarray(start), "0\r\n\r\n") < 0 && await more());
    return { status, headers, body: dechunk(buffer.subarray(start)) };
  }
  while (await more());
  return { status, headers, body: new TextDecoder().decode(buffer.subarray(start)) };
}

function dechunk(bytes: Uint8Array): string {
  const text = new TextDecoder().decode(bytes);
  let out = "";
  let at = 0;
  for (;;) {
    const lineEnd = text.indexOf("\r\n", at);
    if (lineEnd < 0) return out;
    const size = parseInt(text.slice(at, lineEnd), 16);
    if (!size) return out;
    out += text.slice(lineEnd + 2, lineEnd + 2 + size);
    at = lineEnd + 2 + size + 2;
  }
}

function indexOf(haystack: Uint8Array, needle: string): number {
  const bytes = encoder.encode(needle);
  outer: for (let i = 0; i + bytes.byteLength <= haystack.byteLength; i++) {
    for (let j = 0; j < bytes.byteLength; j++) if (haystack[i + j] !== bytes[j]) continue outer;
    return i;
  }
  return -1;
}
