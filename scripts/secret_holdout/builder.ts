/**
 * The corpus builder: appends lines per file and records each planted value
 * or decoy with its line span, expectation and masked shape.
 * @module
 */

import type { Expect, HoldoutItem, Truth } from "./tokens.ts";

export interface Mark {
  kind: string;
  value: string;
  expect?: Expect;
  why: string;
  checksum?: "github" | "npm" | "pypi";
}

export class Builder {
  readonly text = new Map<string, string[]>();
  readonly encodings = new Map<string, "utf16le" | "nul">();
  readonly items: HoldoutItem[] = [];

  /** Appends unmarked lines (context) to `file`. */
  add(file: string, text: string): this {
    const lines = this.text.get(file) ?? [];
    lines.push(...text.split("\n"));
    this.text.set(file, lines);
    return this;
  }

  private mark(file: string, text: string, truth: Truth, m: Mark): this {
    if (!text.includes(m.value)) {
      throw new Error(`${file}: the ${m.kind} line does not contain its value`);
    }
    const start = (this.text.get(file)?.length ?? 0) + 1;
    this.add(file, text);
    const lines = text.split("\n");
    const at = lines.findIndex((l) => l.includes(m.value.split("\n")[0]));
    const shapeLine = lines[at >= 0 ? at : 0];
    const masked = m.value.includes("\n")
      ? `${shapeLine} (+${m.value.split("\n").length - 1} lines)`
      : shapeLine.replace(m.value, mask(m.value));
    this.items.push({
      file,
      line: start,
      endLine: start + lines.length - 1,
      kind: m.kind,
      truth,
      expect: m.expect ?? (truth === "planted" ? "block" : "must-not-flag"),
      shape: masked.length > 140 ? `${masked.slice(0, 137)}...` : masked,
      why: m.why,
      value: m.value,
      ...(m.checksum ? { checksum: m.checksum } : {}),
    });
    return this;
  }

  plant(file: string, text: string, m: Mark): this {
    return this.mark(file, text, "planted", m);
  }

  decoy(file: string, text: string, m: Mark): this {
    return this.mark(file, text, "decoy", m);
  }
}

/** `ghp_AbCd…` -> `«ghp_ + 36 chars»`: keeps a recognisable prefix, hides the rest. */
export function mask(value: string): string {
  if (value.length <= 12) return `«${value.length} chars»`;
  const prefix = value.match(/^[A-Za-z]{2,12}[-_.$]?(?:[a-z]+[-_.$])?/)?.[0] ?? value.slice(0, 3);
  return `«${prefix} + ${value.length - prefix.length} chars»`;
}

// ---------------------------------------------------------------- the corpus
