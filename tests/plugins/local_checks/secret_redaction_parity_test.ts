/**
 * The gate and the event log agree: every secret the pre-commit scan blocks
 * in the committed corpus (tests/fixtures/secret_corpus) is gone from an
 * event payload that carries the file's text, as a tool result would. Both
 * read the kernel's token-shape table, so a format added for the gate is
 * redacted too; this test fails if one of them drifts.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { redactValue } from "../../../core/secrets/redact.ts";
import { TOKEN_SHAPES } from "../../../core/secrets/token_shapes.ts";
import { decodeForScan } from "../../../plugins/local_checks/secrets/decode_text.ts";
import type { Hit } from "../../../plugins/local_checks/secrets/hit.ts";
import { scanText } from "../../../plugins/local_checks/secrets/scan_text.ts";
import { corpusFilesOf } from "../../../scripts/secret_corpus_score.ts";

const CORPUS = join(import.meta.dirname!, "..", "..", "fixtures", "secret_corpus");

/** Every blocking hit of the scan in the corpus, with the text of its file. */
async function blockedInCorpus(): Promise<{ path: string; text: string; hit: Hit }[]> {
  const out: { path: string; text: string; hit: Hit }[] = [];
  for (const file of await corpusFilesOf(CORPUS)) {
    const decoded = file.content && decodeForScan(file.path, file.content);
    if (!decoded) continue;
    const hits = scanText(decoded.text, {
      path: file.path,
      entropyThreshold: 3.5,
      textual: decoded.textual,
    });
    for (const hit of hits) {
      if (hit.severity === "error") out.push({ path: file.path, text: decoded.text, hit });
    }
  }
  return out;
}

Deno.test("redaction: every token shape the gate blocks in the corpus is redacted from an event payload", async () => {
  const shapeIds = new Set(TOKEN_SHAPES.map((rule) => rule.id));
  const blocked = (await blockedInCorpus()).filter(({ hit }) => shapeIds.has(hit.rule));
  const formats = new Set(blocked.map(({ hit }) => hit.rule));
  assert.ok(formats.size >= 60, `only ${formats.size} token formats blocked in the corpus`);
  const leaks: string[] = [];
  for (const { path, text, hit } of blocked) {
    const line = text.slice(text.lastIndexOf("\n", hit.start) + 1, text.indexOf("\n", hit.end));
    for (const carried of [line, text]) {
      const payload = redactValue({ tool: "Read", output: { path, content: carried } });
      if (JSON.stringify(payload.output.content).includes(JSON.stringify(hit.value).slice(1, -1))) {
        leaks.push(`${hit.rule} in ${path}`);
      }
    }
  }
  assert.deepEqual(leaks, []);
});

Deno.test("redaction: passwords the gate blocks by context are redacted from the file's text", async () => {
  const shapeIds = new Set(TOKEN_SHAPES.map((rule) => rule.id));
  const blocked = (await blockedInCorpus()).filter(({ hit }) => !shapeIds.has(hit.rule));
  assert.ok(blocked.length >= 30, `only ${blocked.length} context findings`);
  const leaks: string[] = [];
  for (const { path, text, hit } of blocked) {
    const redacted = redactValue({ tool: "Read", output: { path, content: text } });
    if (redacted.output.content.includes(hit.value)) leaks.push(`${hit.rule} in ${path}`);
  }
  assert.deepEqual(leaks, []);
});
