/**
 * The exported API of a TypeScript or JavaScript module, read without a
 * compiler: a tokenizing, regex-based extractor of top-level `export
 * function|const|let|var|class|interface|type|enum|namespace|default`, export
 * lists and re-exports. Each symbol carries a normalised signature and, for
 * classes, interfaces and enums, its public members — enough to tell that an
 * export was removed or its shape changed between two versions of a file.
 * @module
 */

import { lineLocator } from "./file_text.ts";
import { maskSource } from "./source_mask.ts";
import { matchingBrace, memberSegments, normalizeSignature, scanSignature } from "./ts_scan.ts";

/**
 * True when two signatures are the same up to formatting. Normalising is
 * the expensive part of the comparison, so identical raw text (the common
 * case: only function bodies changed) skips it.
 */
export function sameSignature(a: string, b: string): boolean {
  return a === b || normalizeSignature(a) === normalizeSignature(b);
}

/** What kind of declaration an export is. */
export type ExportKind =
  | "function"
  | "variable"
  | "class"
  | "interface"
  | "type"
  | "enum"
  | "namespace"
  | "default"
  | "re-export";

/** One exported symbol. */
export interface ExportedSymbol {
  name: string;
  kind: ExportKind;
  /**
   * Signature text as written (comments removed): parameters and return type,
   * a type's definition, a class header and members. Compare with
   * {@linkcode sameSignature}, which ignores formatting.
   */
  signature: string;
  /** Public members (classes, interfaces, enums): name → member text as written. */
  members?: Record<string, string>;
  /** 1-based line of the `export` keyword. */
  line: number;
}

const DECLARATION =
  /export\s+(?:declare\s+)?(default\s+)?(?:(async\s+)?function\b\s*\*?\s*([\w$]*)|(?:const|let|var)\s+([\w$]+)|(?:abstract\s+)?class\b\s*([\w$]*)|interface\s+([\w$]+)|type\s+([\w$]+)\s*(?=[<=])|(?:const\s+)?enum\s+([\w$]+)|(?:namespace|module)\s+([\w$.]+)|(?:type\s+)?\{([^}]*)\}(\s*from\s*["'])?|\*\s*(?:as\s+([\w$]+)\s*)?from\s*["'])?/y;
const MEMBER_NAME =
  /^\s*(?:@[\w$.]+(?:\([^)]*\))?\s*)*((?:(?:public|private|protected|static|readonly|async|override|declare|abstract|accessor|get|set)\s+)*)(#?\*?\s*[\w$]+|\[[^\]]*\])/;

/**
 * The module's exports by name.
 *
 * @example
 * ```ts
 * const exports = extractExports("export function add(a: number, b: number): number { return a + b; }");
 * exports.get("add")?.signature; // "(a: number, b: number): number"
 * ```
 */
export function extractExports(source: string): Map<string, ExportedSymbol> {
  const { code, masked } = maskSource(source);
  const line = lineLocator(source);
  const symbols = new Map<string, ExportedSymbol>();
  let depth = 0;
  for (const match of masked.matchAll(/[{}]|\bexport\b/g)) {
    if (match[0] === "{") depth++;
    else if (match[0] === "}") depth = Math.max(0, depth - 1);
    else if (depth === 0) {
      const at = line(match.index);
      for (const symbol of readExport(code, masked, match.index)) {
        (symbol as ExportedSymbol).line = at;
        symbols.set(symbol.name, symbol as ExportedSymbol);
      }
    }
  }
  return symbols;
}

type Partial = Omit<ExportedSymbol, "line">;

function readExport(code: string, masked: string, at: number): Partial[] {
  DECLARATION.lastIndex = at;
  const m = DECLARATION.exec(masked);
  if (!m) return [];
  const end = at + m[0].length;
  const [
    ,
    isDefault,
    isAsync,
    fn,
    variable,
    cls,
    iface,
    alias,
    enumName,
    ns,
    list,
    listFrom,
    star,
  ] = m;
  const text = (from: number, to: number) => code.slice(from, to).trim();
  if (fn !== undefined) {
    const signature = (isAsync ? "async " : "") +
      text(end, scanSignature(masked, end, { body: true }));
    return [{
      name: isDefault ? "default" : fn,
      kind: isDefault ? "default" : "function",
      signature,
    }];
  }
  if (cls !== undefined) return [classSymbol(code, masked, end, isDefault ? "default" : cls)];
  if (isDefault) {
    return [{ name: "default", kind: "default", signature: text(end, scanSignature(masked, end)) }];
  }
  if (variable !== undefined) return [variableSymbol(code, masked, end, variable)];
  if (iface !== undefined) {
    const open = scanSignature(masked, end, { body: true });
    return [bodySymbol(code, masked, iface, "interface", text(end, open), open)];
  }
  if (alias !== undefined) {
    const equals = masked.indexOf("=", end);
    const stop = scanSignature(masked, equals + 1);
    return [{ name: alias, kind: "type", signature: text(end, stop) }];
  }
  if (enumName !== undefined) {
    return [bodySymbol(code, masked, enumName, "enum", "", masked.indexOf("{", end))];
  }
  if (ns !== undefined) return [{ name: ns, kind: "namespace", signature: "namespace" }];
  if (list !== undefined) {
    const from = listFrom ? `from ${specifier(code, end)}` : "local";
    return list.split(",").map((item) => item.trim()).filter(Boolean).map((item) => {
      const parts = item.replace(/^type\s+/, "").split(/\s+as\s+/);
      return { name: parts[parts.length - 1], kind: "re-export", signature: `${parts[0]} ${from}` };
    });
  }
  if (m[0].includes("*")) {
    const from = specifier(code, end);
    return [{ name: star ?? `* from ${from}`, kind: "re-export", signature: `* from ${from}` }];
  }
  return [];
}

/** The module specifier of a string literal that starts at `from` (after its opening quote). */
function specifier(code: string, from: number): string {
  const quote = code[from - 1];
  const close = code.indexOf(quote, from);
  return code.slice(from, close === -1 ? from : close);
}

function variableSymbol(code: string, masked: string, end: number, name: string): Partial {
  const rest = masked.slice(end, end + 400);
  const annotation = /^\s*:/.exec(rest);
  if (annotation) {
    const from = end + annotation[0].length;
    const stop = scanSignature(masked, from, { assign: true });
    return { name, kind: "variable", signature: code.slice(from, stop).trim() };
  }
  const arrow = /^\s*=\s*(?:async\s*)?(?:<[^=]*?>\s*)?\(/.exec(rest);
  const fnExpression = /^\s*=\s*(async\s+)?function\b\s*\*?\s*[\w$]*/.exec(rest);
  if (arrow) {
    const from = end + rest.indexOf("=") + 1;
    const stop = scanSignature(masked, from, { arrow: true, body: true });
    return { name, kind: "function", signature: code.slice(from, stop).trim() };
  }
  if (fnExpression) {
    const from = end + fnExpression[0].length;
    const stop = scanSignature(masked, from, { body: true });
    return { name, kind: "function", signature: code.slice(from, stop).trim() };
  }
  return { name, kind: "variable", signature: "value" };
}

function classSymbol(code: string, masked: string, end: number, name: string): Partial {
  const open = scanSignature(masked, end, { body: true });
  const symbol = bodySymbol(
    code,
    masked,
    name,
    "class",
    code.slice(end, open).trim(),
    open,
  );
  return name === "default" ? { ...symbol, kind: "default" } : symbol;
}

/** A class, interface or enum: header signature plus its public members. */
function bodySymbol(
  code: string,
  masked: string,
  name: string,
  kind: ExportKind,
  header: string,
  open: number,
): Partial {
  if (open < 0 || masked[open] !== "{") return { name, kind, signature: header, members: {} };
  const close = matchingBrace(masked, open);
  const members: Record<string, string> = {};
  for (const [start, stop] of memberSegments(masked, open + 1, close)) {
    const member = memberOf(code, masked, start, stop, kind);
    if (member) members[member[0]] = member[1];
  }
  const list = Object.keys(members).sort().map((key) => `${key}${members[key]}`).join(";");
  return { name, kind, signature: `${header}{${list}}`, members };
}

/** `[name, signature]` of one public member, or `undefined` for private ones and blocks. */
function memberOf(
  code: string,
  masked: string,
  start: number,
  stop: number,
  kind: ExportKind,
): [string, string] | undefined {
  const segment = masked.slice(start, stop);
  const m = MEMBER_NAME.exec(segment);
  if (!m) return undefined;
  const modifiers = m[1];
  const name = m[2].replace(/\s+/g, "");
  if (/\b(?:private|protected)\b/.test(modifiers) || name.startsWith("#") || name === "static") {
    return undefined;
  }
  const from = start + m.index + m[0].length;
  const stops = kind === "class" ? { body: true, assign: true } : {};
  const end = Math.min(stop, scanSignature(masked, from, stops));
  const signature = code.slice(from, end).trim();
  const prefix = /\bstatic\b/.test(modifiers) ? "static " : "";
  const accessor = /\b(get|set)\s+$/.exec(modifiers)?.[1];
  return [`${prefix}${accessor ? `${accessor} ` : ""}${name}`, signature];
}
