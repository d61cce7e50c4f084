/**
 * A minimal OTLP/HTTP receiver (JSON encoding) on loopback, for `profile`:
 * the profiled subprocess exports its spans here through Deno's built-in
 * OpenTelemetry, and the receiver keeps them as plain records. Bodies are
 * validated; logs and metrics are accepted and dropped.
 * @module
 */

import { z } from "../../core/deps.ts";

const AnyValueSchema: z.ZodType<unknown> = z.lazy(() =>
  z.object({
    stringValue: z.string().optional(),
    boolValue: z.boolean().optional(),
    intValue: z.union([z.string(), z.number()]).optional(),
    doubleValue: z.number().optional(),
    arrayValue: z.object({ values: z.array(AnyValueSchema).optional() }).optional(),
  })
);
const KeyValueSchema = z.object({ key: z.string(), value: AnyValueSchema });
const SpanSchema = z.object({
  traceId: z.string(),
  spanId: z.string(),
  parentSpanId: z.string().optional(),
  name: z.string(),
  kind: z.number().optional(),
  startTimeUnixNano: z.union([z.string(), z.number()]),
  endTimeUnixNano: z.union([z.string(), z.number()]),
  attributes: z.array(KeyValueSchema).optional(),
  status: z.object({ code: z.number().optional() }).optional(),
});
const TracesSchema = z.object({
  resourceSpans: z.array(z.object({
    scopeSpans: z.array(z.object({
      scope: z.object({ name: z.string().optional() }).optional(),
      spans: z.array(SpanSchema).optional(),
    })).optional(),
  })).optional(),
});

/** One received span, times in epoch milliseconds (fractional). */
export interface ReceivedSpan {
  name: string;
  scope: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  startMs: number;
  endMs: number;
  failed: boolean;
  attributes: Record<string, unknown>;
}

/** A running receiver. */
export interface OtlpReceiver {
  url: string;
  spans: ReceivedSpan[];
  /** Bodies that failed validation (a broken exporter shows here). */
  rejected: number;
  close(): Promise<void>;
}

type AnyValue = {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number;
  arrayValue?: { values?: AnyValue[] };
};

function decode(value: AnyValue): unknown {
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  return value.arrayValue?.values?.map(decode);
}

const nanosToMs = (nanos: string | number) => Number(BigInt(nanos)) / 1e6;

/**
 * Starts a receiver on `127.0.0.1` and a free port.
 *
 * @example
 * ```ts
 * const receiver = await startOtlpReceiver();
 * // run a child with OTEL_DENO=true OTEL_EXPORTER_OTLP_ENDPOINT=receiver.url
 * await receiver.close();
 * ```
 */
export function startOtlpReceiver(): Promise<OtlpReceiver> {
  const { promise, resolve } = Promise.withResolvers<OtlpReceiver>();
  const receiver: Omit<OtlpReceiver, "close" | "url"> = { spans: [], rejected: 0 };
  const server = Deno.serve({
    hostname: "127.0.0.1",
    port: 0,
    onListen: ({ port }) =>
      resolve(Object.assign(receiver, {
        url: `http://127.0.0.1:${port}`,
        close: () => server.shutdown(),
      })),
  }, async (request) => {
    if (new URL(request.url).pathname !== "/v1/traces") {
      await request.body?.cancel();
      return Response.json({});
    }
    let parsed;
    try {
      parsed = TracesSchema.safeParse(await request.json());
    } catch (error) {
      receiver.rejected++; // not JSON: the exporter was not set to http/json
      return Response.json({ error: String(error) }, { status: 400 });
    }
    if (!parsed.success) {
      receiver.rejected++;
      return Response.json({ error: parsed.error.issues[0].message }, { status: 400 });
    }
    for (const resource of parsed.data.resourceSpans ?? []) {
      for (const scope of resource.scopeSpans ?? []) {
        for (const span of scope.spans ?? []) {
          receiver.spans.push({
            name: span.name,
            scope: scope.scope?.name ?? "",
            traceId: span.traceId,
            spanId: span.spanId,
            parentSpanId: span.parentSpanId ?? "",
            startMs: nanosToMs(span.startTimeUnixNano),
            endMs: nanosToMs(span.endTimeUnixNano),
            failed: span.status?.code === 2,
            attributes: Object.fromEntries(
              (span.attributes ?? []).map(({ key, value }) => [key, decode(value as AnyValue)]),
            ),
          });
        }
      }
    }
    return Response.json({});
  });
  return promise;
}

/** The environment that makes a Deno child export its spans to `receiver`. */
export function otelEnvFor(receiver: Pick<OtlpReceiver, "url">, service: string) {
  return {
    OTEL_DENO: "true",
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
    OTEL_SERVICE_NAME: service,
    OTEL_DENO_CONSOLE: "ignore",
  };
}
