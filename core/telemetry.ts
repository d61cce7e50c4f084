/**
 * Spans for OpenTelemetry, on Deno's built-in OTel. Run any command with
 * `OTEL_DENO=true` (exporter: the standard `OTEL_EXPORTER_OTLP_ENDPOINT`,
 * `OTEL_EXPORTER_OTLP_PROTOCOL`, `OTEL_SERVICE_NAME` variables) and Deno
 * exports its own spans (`Deno.serve` requests, `fetch`) plus the ones made
 * here: per job, agent run, agent turn, model call, tool call and event
 * write; {@linkcode annotateActiveSpan} names the KM's request spans by
 * route. Deno registers its tracer provider as `Deno.telemetry`, so no
 * OpenTelemetry package is needed.
 *
 * Every span carries the request's correlation id
 * ({@linkcode CORRELATION_ATTRIBUTE}); a span started inside another
 * inherits it through the OTel context, so a call site deep in a loop need
 * not know the id. With OTel off, {@linkcode withSpan} is one cached boolean
 * check and a direct call: no context, no allocation.
 * @module
 */

/** A span attribute value (OTel allows these primitives). */
export type SpanAttributeValue = string | number | boolean;
/** Attributes of a span; `undefined` values are left out. */
export type SpanAttributes = Record<string, SpanAttributeValue | undefined | null>;

/** What a traced function can do with its span. */
export interface SpanHandle {
  /** Adds or overwrites attributes (token counts known only after the call). */
  set(attributes: SpanAttributes): void;
}

/** Options of {@linkcode withSpan}. */
export interface SpanOptions {
  /** `client` for calls to another service (the model API); `internal` otherwise. */
  kind?: "internal" | "client" | "consumer";
}

/** The attribute that ties every span of one request together. */
export const CORRELATION_ATTRIBUTE = "super_agents.correlation_id";

/** The tracer's instrumentation scope name (what collectors show as the library). */
export const TRACER_NAME = "super-agents";

/** Attributes a child span copies from its ancestors. */
const INHERITED_KEYS = [CORRELATION_ATTRIBUTE, "super_agents.job_id", "super_agents.agent"];

/** The slice of the OTel API that Deno's built-in implementation provides. */
interface OtelContext {
  getValue(key: symbol): unknown;
  setValue(key: symbol, value: unknown): OtelContext;
}
interface OtelSpan {
  setAttributes(attributes: Record<string, SpanAttributeValue>): void;
  setStatus(status: { code: number; message?: string }): void;
  recordException(error: Error): void;
  end(): void;
}
interface OtelTracer {
  startSpan(name: string, options: object, context?: OtelContext): OtelSpan;
  startActiveSpan<T>(
    name: string,
    options: object,
    context: OtelContext,
    fn: (span: OtelSpan) => T,
  ): T;
}
interface DenoTelemetry {
  tracerProvider: { getTracer(name: string, version?: string): OtelTracer };
  contextManager: { active(): OtelContext };
}

const NOOP: SpanHandle = { set() {} };
const INHERITED = Symbol("super-agents inherited span attributes");
const KINDS = { internal: 0, client: 2, consumer: 4 } as const;
const STATUS_ERROR = 2;

let enabled: boolean | undefined;
let tracer: OtelTracer | undefined;

function telemetry(): DenoTelemetry {
  return (Deno as unknown as { telemetry: DenoTelemetry }).telemetry;
}

/**
 * Whether this process exports spans (`OTEL_DENO=true` at start-up).
 *
 * @example
 * ```ts
 * if (telemetryEnabled()) console.error("tracing to", Deno.env.get("OTEL_EXPORTER_OTLP_ENDPOINT"));
 * ```
 */
export function telemetryEnabled(): boolean {
  enabled ??= detect();
  return enabled;
}

function detect(): boolean {
  let flag: string | undefined;
  try {
    flag = Deno.env.get("OTEL_DENO");
  } catch (error) {
    if (!(error instanceof Deno.errors.NotCapable)) throw error;
    return probe(); // a sandboxed worker may not read the environment: ask the runtime
  }
  return flag === "true" || flag === "1";
}

/** Deno throws "otel not initialized" from `startSpan` when OTel is off. */
function probe(): boolean {
  try {
    // Never ended, so never exported: it only tells whether spans can be made.
    tracerOf().startSpan("super-agents.probe", {});
    return true;
  } catch (error) {
    if (error instanceof Error && /not initialized/i.test(error.message)) return false;
    throw error;
  }
}

function tracerOf(): OtelTracer {
  tracer ??= telemetry().tracerProvider.getTracer(TRACER_NAME);
  return tracer;
}

/**
 * Runs `fn` inside a span named `name` (a child of the active span), ending
 * it when `fn` settles; a thrown error marks the span failed and is rethrown.
 *
 * @example
 * ```ts
 * const reply = await withSpan("chat claude-sonnet-4-5", {
 *   "gen_ai.system": "anthropic",
 *   "gen_ai.request.model": "claude-sonnet-4-5",
 * }, async (span) => {
 *   const message = await client.messages.create(params);
 *   span.set({ "gen_ai.usage.input_tokens": message.usage.input_tokens });
 *   return message;
 * }, { kind: "client" });
 * ```
 */
export function withSpan<T>(
  name: string,
  attributes: SpanAttributes,
  fn: (span: SpanHandle) => Promise<T>,
  options: SpanOptions = {},
): Promise<T> {
  if (!telemetryEnabled()) return fn(NOOP);
  return traced(name, attributes, fn, options);
}

function traced<T>(
  name: string,
  attributes: SpanAttributes,
  fn: (span: SpanHandle) => Promise<T>,
  options: SpanOptions,
): Promise<T> {
  const parent = telemetry().contextManager.active();
  const inherited = (parent.getValue(INHERITED) as Record<string, SpanAttributeValue>) ?? {};
  const own = { ...inherited, ...defined(attributes) };
  const carried: Record<string, SpanAttributeValue> = {};
  for (const key of INHERITED_KEYS) if (own[key] !== undefined) carried[key] = own[key];
  const context = parent.setValue(INHERITED, carried);
  const spanOptions = { attributes: own, kind: KINDS[options.kind ?? "internal"] };
  return tracerOf().startActiveSpan(name, spanOptions, context, async (span) => {
    try {
      return await fn({ set: (more) => span.setAttributes(defined(more)) });
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      span.recordException(failure);
      span.setStatus({ code: STATUS_ERROR, message: failure.message });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** The key under which OTel contexts hold the active span (the OpenTelemetry API's). */
const SPAN_KEY = Symbol.for("OpenTelemetry Context Key SPAN");

/**
 * Renames the active span and adds attributes: a request handler uses it on
 * the span Deno opened for the request (`GET` becomes `GET /api/search`).
 * Does nothing with OTel off or outside a span.
 *
 * @example
 * ```ts
 * annotateActiveSpan(`${request.method} /api/search`, { "http.route": "/api/search" });
 * ```
 */
export function annotateActiveSpan(name: string, attributes: SpanAttributes = {}): void {
  if (!telemetryEnabled()) return;
  const span = telemetry().contextManager.active().getValue(SPAN_KEY) as
    | (OtelSpan & { updateName?(name: string): void })
    | undefined;
  if (!span) return;
  span.updateName?.(name);
  span.setAttributes(defined(attributes));
}

function defined(attributes: SpanAttributes): Record<string, SpanAttributeValue> {
  const out: Record<string, SpanAttributeValue> = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null) out[key] = value;
  }
  return out;
}
