/**
 * Test support: a loopback OpenTelemetry collector speaking OTLP/HTTP with
 * JSON bodies (`OTEL_EXPORTER_OTLP_PROTOCOL=http/json`). Spans posted to
 * `/v1/traces` are flattened (attributes decoded to plain values) and kept;
 * `/v1/logs` and `/v1/metrics` are accepted and counted. Anything that is
 * not a JSON POST is refused, so a misconfigured exporter fails the test.
 * @module
 */

/** One received span. */
export interface CollectedSpan {
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  kind: number;
  scope: string;
  service: string | undefined;
  startMs: number;
  endMs: number;
  attributes: Record<string, unknown>;
  statusCode: number;
}

/** A running collector. */
export interface OtlpCollector {
  /** The base URL for `OTEL_EXPORTER_OTLP_ENDPOINT`. */
  url: string;
  spans: CollectedSpan[];
  /** Requests per path (`/v1/traces`, `/v1/logs`, ...). */
  requests: Map<string, number>;
  /** The environment that points Deno's exporter here. */
  env(serviceName?: string): Record<string, string>;
  close(): Promise<void>;
}

interface AnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number;
  arrayValue?: { values?: AnyValue[] };
}
interface KeyValue {
  key: string;
  value: AnyValue;
}

function decode(value: AnyValue): unknown {
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.arrayValue) return (value.arrayValue.values ?? []).map(decode);
  return undefined;
}

function attributesOf(list: KeyValue[] | undefined): Record<string, unknown> {
  return Object.fromEntries((list ?? []).map(({ key, value }) => [key, decode(value)]));
}

/**
 * Starts the collector on a free loopback port.
 *
 * @example
 * ```ts
 * const collector = await startOtlpCollector();
 * await sandbox.run(["worker", "--once"], { env: collector.env() });
 * collector.spans.map((s) => s.name);
 * ```
 */
export function startOtlpCollector(): Promise<OtlpCollector> {
  const spans: CollectedSpan[] = [];
  const requests = new Map<string, number>();
  const { promise, resolve } = Promise.withResolvers<OtlpCollector>();
  const server = Deno.serve({
    hostname: "127.0.0.1",
    port: 0,
    onListen({ port }) {
      const url = `http://127.0.0.1:${port}`;
      resolve({
        url,
        spans,
        requests,
        env: (serviceName = "super-agents-test") => ({
          OTEL_DENO: "true",
          OTEL_EXPORTER_OTLP_ENDPOINT: url,
          OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
          OTEL_SERVICE_NAME: serviceName,
          OTEL_DENO_CONSOLE: "ignore",
        }),
        close: () => server.shutdown(),
      });
    },
  }, async (request) => {
    const path = new URL(request.url).pathname;
    requests.set(path, (requests.get(path) ?? 0) + 1);
    if (request.method !== "POST") return new Response("POST only", { status: 405 });
    if (!(request.headers.get("content-type") ?? "").startsWith("application/json")) {
      return new Response("JSON only (OTEL_EXPORTER_OTLP_PROTOCOL=http/json)", { status: 415 });
    }
    const body = await request.json();
    if (path === "/v1/traces") {
      for (const resourceSpans of body.resourceSpans ?? []) {
        const service = attributesOf(resourceSpans.resource?.attributes)["service.name"];
        for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
          for (const span of scopeSpans.spans ?? []) {
            spans.push({
              name: span.name,
              traceId: span.traceId,
              spanId: span.spanId,
              parentSpanId: span.parentSpanId ?? "",
              kind: span.kind,
              scope: scopeSpans.scope?.name ?? "",
              service: service as string | undefined,
              startMs: Number(BigInt(span.startTimeUnixNano)) / 1e6,
              endMs: Number(BigInt(span.endTimeUnixNano)) / 1e6,
              attributes: attributesOf(span.attributes),
              statusCode: span.status?.code ?? 0,
            });
          }
        }
      }
    }
    return Response.json({});
  });
  return promise;
}
