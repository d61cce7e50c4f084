/**
 * The progress module in its three modes, on fake outputs and a fake clock.
 */
import assert from "node:assert/strict";
import {
  CLEAR_LINE,
  progressBar,
  progressMode,
  renderBar,
  spinner,
  statusLine,
  type Ticker,
} from "../../../core/cli/progress.ts";
import { fakeClock, fakeOutput } from "./fake_output.ts";

function manualTicker(): { ticker: Ticker; fire(): void; stopped: () => boolean } {
  let callback: (() => void) | undefined;
  let stopped = false;
  return {
    ticker: (fn) => {
      callback = fn;
      return () => void (stopped = true);
    },
    fire: () => callback?.(),
    stopped: () => stopped,
  };
}

Deno.test("progressMode: silent with --json, live on a terminal, plain on a pipe", () => {
  assert.equal(progressMode({ json: true, stderr: fakeOutput(true) }), "silent");
  assert.equal(progressMode({ json: false, stderr: fakeOutput(true) }), "live");
  assert.equal(progressMode({ json: false, stderr: fakeOutput(false) }), "plain");
});

Deno.test("statusLine throttles redraws unless forced", () => {
  const out = fakeOutput(true);
  const clock = fakeClock();
  const line = statusLine(out, clock.now, 80);
  assert.equal(line.draw("a"), true);
  assert.equal(line.draw("b"), false);
  assert.equal(line.draw("c", true), true);
  clock.advance(100);
  assert.equal(line.draw("d"), true);
  line.clear();
  assert.equal(out.text, `${CLEAR_LINE}a${CLEAR_LINE}c${CLEAR_LINE}d${CLEAR_LINE}`);
});

Deno.test("live spinner redraws in place, animates on its ticker and clears on success", () => {
  const out = fakeOutput(true);
  const clock = fakeClock();
  const tick = manualTicker();
  const spin = spinner(out, "live", "starting", { now: clock.now, ticker: tick.ticker });
  clock.advance(100);
  tick.fire();
  spin.update("waiting for /health");
  spin.succeed("started");
  spin.fail("ignored after the end");
  assert.equal(
    out.text,
    `${CLEAR_LINE}⠋ starting${CLEAR_LINE}⠙ starting${CLEAR_LINE}⠹ waiting for /health` +
      `${CLEAR_LINE}✓ started\n`,
  );
  assert.ok(tick.stopped(), "the animation timer is stopped");
});

Deno.test("plain spinner writes one line per state and never a control character", () => {
  const out = fakeOutput(false);
  const tick = manualTicker();
  const spin = spinner(out, "plain", "starting", { ticker: tick.ticker });
  spin.update("starting");
  spin.update("waiting");
  spin.fail("KM did not start");
  assert.equal(out.text, "starting...\nwaiting...\n✗ KM did not start\n");
  assert.ok(!out.text.includes("\x1b") && !out.text.includes("\r"), "no control codes");
});

Deno.test("silent spinner and bar write nothing", () => {
  const out = fakeOutput(true);
  const spin = spinner(out, "silent", "x", { ticker: manualTicker().ticker });
  spin.update("y");
  spin.succeed("z");
  const bar = progressBar(out, "silent", { label: "files", total: 3 });
  bar.tick();
  bar.done("3 files");
  assert.equal(out.text, "");
});

Deno.test("live progress bar draws the bar, the count and the detail; the last tick is forced", () => {
  const out = fakeOutput(true);
  const clock = fakeClock();
  const bar = progressBar(out, "live", { label: "scan", total: 4, width: 4, now: clock.now });
  bar.tick(1, "a.ts");
  bar.tick(1, "b.ts"); // throttled: same instant
  bar.tick(2, "d.ts"); // the last one is always drawn
  bar.done("4 files");
  assert.equal(
    out.text,
    `${CLEAR_LINE}scan [█░░░] 1/4 25%  a.ts${CLEAR_LINE}scan [████] 4/4 100%  d.ts` +
      `${CLEAR_LINE}4 files\n`,
  );
});

Deno.test("plain progress bar writes a line per quarter, not per item", () => {
  const out = fakeOutput(false);
  const bar = progressBar(out, "plain", { label: "scan", total: 8 });
  for (let i = 0; i < 10; i++) bar.tick(); // over-ticking stops at the total
  bar.done();
  assert.equal(
    out.text,
    "scan: 2/8 (25%)\nscan: 4/8 (50%)\nscan: 6/8 (75%)\nscan: 8/8 (100%)\n",
  );
});

Deno.test("renderBar clamps the fraction", () => {
  assert.equal(renderBar(-1, 3), "[░░░]");
  assert.equal(renderBar(0.5, 4), "[██░░]");
  assert.equal(renderBar(2, 3), "[███]");
});
