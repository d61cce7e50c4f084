/**
 * Test support: a strict parser of the Prometheus text exposition format
 * (0.0.4), line by line. It throws, naming the line, on anything a
 * Prometheus server would reject or that the format forbids: a malformed
 * name, label or value; an unknown escape; HELP or TYPE given twice or TYPE
 * after the family's first sample; a family's samples not contiguous; a
 * duplicate series; a histogram whose buckets lack `le`, are not cumulative,
 * miss `le="+Inf"`, or disagree with `_count`; a negative counter.
 * @module
 */

/** One sample line. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** One metric family. */
export interface Family {
  name: string;
  type: string;
  help?: string;
  samples: Sample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(["counter", "gauge", "histogram", "summary", "untyped"]);
const SUFFIXES: Record<string, string[]> = {
  histogram: ["_bucket", "_sum", "_count"],
  summary: ["_sum", "_count", ""],
};

/**
 * Parses an exposition into families keyed by name.
 *
 * @example
 * ```ts
 * const families = parsePrometheus(await (await fetch(url)).text());
 * families.get("super_agents_jobs")!.samples;
 * ```
 */
export function parsePrometheus(text: string): Map<string, Family> {
  if (text.length > 0 && !text.endsWith("\n")) throw new Error("exposition must end with \\n");
  const families = new Map<string, Family>();
  const finished = new Set<string>();
  const series = new Set<string>();
  let current: Family | undefined;
  const lines = text.split("\n").slice(0, -1);
  lines.forEach((line, index) => {
    const where = `line ${index + 1} (${JSON.stringify(line)})`;
    const fail = (why: string): never => {
      throw new Error(`${where}: ${why}`);
    };
    if (line.startsWith("#")) {
      const meta = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
      if (!meta) return; // a plain comment
      const [, kind, name, rest] = meta;
      if (!NAME.test(name)) fail(`invalid metric name ${name}`);
      if (finished.has(name)) fail(`family ${name} continues after another family`);
      const family = families.get(name) ?? { name, type: "untyped", samples: [] };
      if (current && current.name !== name) finished.add(current.name);
      current = family;
      families.set(name, family);
      if (kind === "HELP") {
        if (family.help !== undefined) fail(`second HELP for ${name}`);
        family.help = unescape(rest, false, fail);
      } else {
        if (family.samples.length) fail(`TYPE for ${name} after its samples`);
        if ((family as { typed?: boolean }).typed) fail(`second TYPE for ${name}`);
        if (!TYPES.has(rest)) fail(`unknown type ${rest}`);
        family.type = rest;
        (family as { typed?: boolean }).typed = true;
      }
      return;
    }
    if (line.trim() === "") fail("blank lines are not allowed");
    const sample = parseSample(line, fail);
    const family = familyOf(sample.name, current);
    if (!family) fail(`sample ${sample.name} outside its family (declare HELP/TYPE first)`);
    const key = `${sample.name}${JSON.stringify(Object.entries(sample.labels).sort())}`;
    if (series.has(key)) fail(`duplicate series ${key}`);
    series.add(key);
    if (family!.type === "counter" && !(sample.value >= 0)) fail("counter must be >= 0");
    family!.samples.push(sample);
  });
  for (const family of families.values()) {
    if (family.type === "histogram") checkHistogram(family);
  }
  return families;
}

function familyOf(name: string, current: Family | undefined): Family | undefined {
  if (!current) return undefined;
  if (name === current.name && current.type !== "histogram") return current;
  for (const suffix of SUFFIXES[current.type] ?? []) {
    if (suffix && name === current.name + suffix) return current;
  }
  return undefined;
}

function parseSample(line: string, fail: (why: string) => never): Sample {
  const head = /^([a-zA-Z_:][a-zA-Z0-9_:]*)/.exec(line);
  if (!head) fail("a sample starts with a metric name");
  const name = head![1];
  let rest = line.slice(name.length);
  const labels: Record<string, string> = {};
  if (rest.startsWith("{")) {
    rest = rest.slice(1);
    while (!rest.startsWith("}")) {
      const label = /^([a-zA-Z_][a-zA-Z0-9_]*)="/.exec(rest);
      if (!label || !LABEL.test(label[1])) fail("malformed label");
      if (label![1] in labels) fail(`label ${label![1]} given twice`);
      rest = rest.slice(label![0].length);
      let raw = "";
      while (true) {
        if (rest.length === 0) fail("unterminated label value");
        if (rest[0] === "\\") {
          raw += rest.slice(0, 2);
          rest = rest.slice(2);
        } else if (rest[0] === '"') {
          rest = rest.slice(1);
          break;
        } else {
          raw += rest[0];
          rest = rest.slice(1);
        }
      }
      labels[label![1]] = unescape(raw, true, fail);
      if (rest.startsWith(",")) rest = rest.slice(1);
      else if (!rest.startsWith("}")) fail("labels are separated by ','");
    }
    rest = rest.slice(1);
  }
  const tail = /^ (\S+)( -?\d+)?$/.exec(rest);
  if (!tail) fail("expected ' <value> [timestamp]' after the name and labels");
  return { name, labels, value: parseValue(tail![1], fail) };
}

function parseValue(text: string, fail: (why: string) => never): number {
  if (text === "+Inf" || text === "Inf") return Infinity;
  if (text === "-Inf") return -Infinity;
  if (text === "NaN") return NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) fail(`invalid value ${text}`);
  return Number(text);
}

function unescape(text: string, quoted: boolean, fail: (why: string) => never): string {
  return text.replace(/\\(.?)/g, (_, c: string) => {
    if (c === "\\") return "\\";
    if (c === "n") return "\n";
    if (c === '"' && quoted) return '"';
    return fail(`invalid escape \\${c}`);
  });
}

function checkHistogram(family: Family): void {
  const groups = new Map<string, Sample[]>();
  for (const sample of family.samples) {
    const { le: _le, ...rest } = sample.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    groups.set(key, [...(groups.get(key) ?? []), sample]);
  }
  for (const [key, samples] of groups) {
    const where = `histogram ${family.name}${key}`;
    const buckets = samples.filter((s) => s.name === `${family.name}_bucket`);
    for (const bucket of buckets) {
      if (bucket.labels.le === undefined) throw new Error(`${where}: a bucket without le`);
    }
    const bounds = buckets.map((b) =>
      parseValue(b.labels.le, (why) => {
        throw new Error(`${where}: ${why}`);
      })
    );
    for (let i = 1; i < buckets.length; i++) {
      if (!(bounds[i] > bounds[i - 1])) throw new Error(`${where}: le not increasing`);
      if (buckets[i].value < buckets[i - 1].value) throw new Error(`${where}: not cumulative`);
    }
    if (bounds.at(-1) !== Infinity) throw new Error(`${where}: no le="+Inf" bucket`);
    const count = samples.find((s) => s.name === `${family.name}_count`);
    const sum = samples.find((s) => s.name === `${family.name}_sum`);
    if (!count || !sum) throw new Error(`${where}: _sum and _count are required`);
    if (count.value !== buckets.at(-1)!.value) {
      throw new Error(`${where}: _count ${count.value} != +Inf bucket ${buckets.at(-1)!.value}`);
    }
  }
}

/**
 * The value of the one sample of `name` whose labels include `labels`.
 *
 * @example
 * ```ts
 * valueOf(families, "super_agents_jobs", { state: "queued", priority: "high" }); // 1
 * ```
 */
export function valueOf(
  families: Map<string, Family>,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  for (const family of families.values()) {
    for (const sample of family.samples) {
      if (sample.name !== name) continue;
      if (Object.entries(labels).every(([k, v]) => sample.labels[k] === v)) return sample.value;
    }
  }
  return undefined;
}
