/**
 * Edits JSON text in place: insert or remove one object property or array
 * element while every other byte of the file stays as the user wrote it
 * (their key order, spacing and line breaks). `init` merges into `.mcp.json`
 * and `.claude/settings.json` with these, and `uninstall` reverses them.
 * A node tree with offsets (like VS Code's jsonc-parser) locates the spot.
 * @module
 */

import { SuperAgentsError } from "../../core/errors.ts";

/** One value of a JSON document, with its span in the text. */
export interface JsonNode {
  type: "object" | "array" | "string" | "number" | "boolean" | "null";
  /** Offset of the value's first character. */
  offset: number;
  /** Offset just past the value's last character. */
  end: number;
  /** Object members in order (key, the key's offset, value). */
  members?: { key: string; keyOffset: number; value: JsonNode }[];
  /** Array items in order. */
  items?: JsonNode[];
}

/**
 * Parses `text` into a {@linkcode JsonNode} tree; throws a `SuperAgentsError`
 * naming `file` and the position on invalid JSON.
 *
 * @example
 * ```ts
 * const root = parseJsonTree('{"a": [1, 2]}', ".mcp.json");
 * root.members?.[0].key; // "a"
 * ```
 */
export function parseJsonTree(text: string, file: string): JsonNode {
  try {
    JSON.parse(text);
  } catch (error) {
    throw new SuperAgentsError(
      "JSON_INVALID",
      `${file} is not valid JSON: ${(error as Error).message}`,
      {
        hint: `fix the JSON syntax in ${file} (super-agents merges into it and left it untouched)`,
      },
    );
  }
  let position = 0;
  const skipSpace = () => {
    while (position < text.length && /\s/.test(text[position])) position++;
  };
  const parseValue = (): JsonNode => {
    skipSpace();
    const start = position;
    const char = text[position];
    if (char === "{") {
      position++;
      const members: NonNullable<JsonNode["members"]> = [];
      skipSpace();
      if (text[position] === "}") position++;
      else {
        while (true) {
          skipSpace();
          const keyOffset = position;
          const key = parseValue();
          skipSpace();
          position++; // the colon
          const value = parseValue();
          members.push({ key: JSON.parse(text.slice(key.offset, key.end)), keyOffset, value });
          skipSpace();
          if (text[position++] === "}") break; // otherwise a comma
        }
      }
      return { type: "object", offset: start, end: position, members };
    }
    if (char === "[") {
      position++;
      const items: JsonNode[] = [];
      skipSpace();
      if (text[position] === "]") position++;
      else {
        while (true) {
          items.push(parseValue());
          skipSpace();
          if (text[position++] === "]") break;
        }
      }
      return { type: "array", offset: start, end: position, items };
    }
    if (char === '"') {
      position++;
      while (text[position] !== '"') position += text[position] === "\\" ? 2 : 1;
      position++;
      return { type: "string", offset: start, end: position };
    }
    const literal = /^(?:true|false|null|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(
      text.slice(position, position + 64),
    );
    // JSON.parse accepted the text, so a literal is always here.
    position += literal![0].length;
    const word = literal![0];
    const type = word === "null"
      ? "null"
      : word === "true" || word === "false"
      ? "boolean"
      : "number";
    return { type, offset: start, end: position };
  };
  return parseValue();
}

/** The node at a path of object keys and array indexes, or `undefined`. */
export function nodeAt(root: JsonNode, path: (string | number)[]): JsonNode | undefined {
  let node: JsonNode | undefined = root;
  for (const step of path) {
    if (node === undefined) return undefined;
    if (typeof step === "number") node = node.type === "array" ? node.items?.[step] : undefined;
    else node = node.type === "object" ? findMember(node, step)?.value : undefined;
  }
  return node;
}

function findMember(node: JsonNode, key: string) {
  // The last duplicate wins, as in JSON.parse.
  return node.members?.findLast((member) => member.key === key);
}

/** The indentation unit the document uses (its first indented line), default two spaces. */
export function detectIndent(text: string): string {
  const match = /\n([ \t]+)\S/.exec(text);
  return match ? match[1] : "  ";
}

function lineIndent(text: string, offset: number): string {
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

function render(value: unknown, indent: string, unit: string): string {
  return JSON.stringify(value, null, unit).replace(/\n/g, `\n${indent}`);
}

/**
 * Inserts `"key": value` as the last member of the object at `path` and
 * returns the new text. Throws if the key already exists or `path` is not an object.
 */
export function insertProperty(
  text: string,
  path: (string | number)[],
  key: string,
  value: unknown,
  file: string,
): string {
  const node = containerAt(text, path, "object", file);
  if (findMember(node, key)) {
    throw new Error(`${file}: "${key}" already exists at ${path.join(".")}`);
  }
  const entry = (indent: string, unit: string) =>
    `${JSON.stringify(key)}: ${render(value, indent, unit)}`;
  return insertIntoContainer(text, node, node.members!.map((m) => m.keyOffset), entry);
}

/** Appends `value` to the array at `path` and returns the new text. */
export function appendArrayElement(
  text: string,
  path: (string | number)[],
  value: unknown,
  file: string,
): string {
  const node = containerAt(text, path, "array", file);
  return insertIntoContainer(
    text,
    node,
    node.items!.map((item) => item.offset),
    (indent, unit) => render(value, indent, unit),
  );
}

function containerAt(
  text: string,
  path: (string | number)[],
  type: "object" | "array",
  file: string,
): JsonNode {
  const node = nodeAt(parseJsonTree(text, file), path);
  if (node?.type !== type) {
    throw new SuperAgentsError(
      "JSON_SHAPE",
      `${file}: expected an ${type} at "${path.join(".") || "(root)"}"`,
      { hint: `make "${path.join(".") || "(root)"}" an ${type} in ${file}, then rerun` },
    );
  }
  return node;
}

function insertIntoContainer(
  text: string,
  node: JsonNode,
  childOffsets: number[],
  entry: (indent: string, unit: string) => string,
): string {
  const unit = detectIndent(text);
  const close = node.end - 1;
  if (childOffsets.length === 0) {
    const outer = lineIndent(text, node.offset);
    const indent = outer + unit;
    return text.slice(0, node.offset + 1) + `\n${indent}${entry(indent, unit)}\n${outer}` +
      text.slice(close);
  }
  const lastChild = childOffsets[childOffsets.length - 1];
  const lastEnd = lastChildEnd(node);
  const multiline = text.slice(node.offset, lastChild).includes("\n");
  const indent = multiline ? lineIndent(text, lastChild) : "";
  const separator = multiline ? `,\n${indent}` : ", ";
  return text.slice(0, lastEnd) + separator + entry(indent, multiline ? unit : "") +
    text.slice(lastEnd);
}

function lastChildEnd(node: JsonNode): number {
  if (node.type === "object") return node.members![node.members!.length - 1].value.end;
  return node.items![node.items!.length - 1].end;
}

/**
 * Removes member `key` of the object at `path` (with its separating comma and
 * the line break that {@linkcode insertProperty} added) and returns the new text.
 */
export function removeProperty(
  text: string,
  path: (string | number)[],
  key: string,
  file: string,
): string {
  const node = containerAt(text, path, "object", file);
  const index = node.members!.findLastIndex((member) => member.key === key);
  if (index < 0) return text;
  const spans = node.members!.map((m) => ({ start: m.keyOffset, end: m.value.end }));
  return removeChild(text, node, spans, index);
}

/** Removes element `index` of the array at `path` and returns the new text. */
export function removeArrayElement(
  text: string,
  path: (string | number)[],
  index: number,
  file: string,
): string {
  const node = containerAt(text, path, "array", file);
  if (index < 0 || index >= node.items!.length) return text;
  return removeChild(text, node, node.items!.map((i) => ({ start: i.offset, end: i.end })), index);
}

function removeChild(
  text: string,
  node: JsonNode,
  spans: { start: number; end: number }[],
  index: number,
): string {
  if (spans.length === 1) {
    // The only child: leave an empty container (`{}` / `[]`).
    return text.slice(0, node.offset + 1) + text.slice(node.end - 1);
  }
  if (index === spans.length - 1) {
    // Cut from the end of the previous child through the end of this one.
    return text.slice(0, spans[index - 1].end) + text.slice(spans[index].end);
  }
  // Cut from this child's start through the next child's start.
  return text.slice(0, spans[index].start) + text.slice(spans[index + 1].start);
}

/** Replaces the value at `path` (which must exist) and returns the new text. */
export function replaceValue(
  text: string,
  path: (string | number)[],
  value: unknown,
  file: string,
): string {
  const node = nodeAt(parseJsonTree(text, file), path);
  if (!node) throw new Error(`${file}: nothing at "${path.join(".")}" to replace`);
  const indent = lineIndent(text, node.offset);
  const multiline = text.slice(node.offset, node.end).includes("\n") ||
    /\n/.test(text.slice(0, node.offset));
  return text.slice(0, node.offset) +
    render(value, indent, multiline ? detectIndent(text) : "") + text.slice(node.end);
}
