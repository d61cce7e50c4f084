/**
 * The worker's progress display (built on core/cli/progress.ts): a redrawn
 * line on a terminal, one plain line per finished job elsewhere.
 */
import assert from "node:assert/strict";
import { progressDisplay } from "../../../core/orchestration/progress_display.ts";
import type { Job } from "../../../core/queue/job.ts";
import { fakeClock, fakeOutput } from "../cli/fake_output.ts";

function job(id: string, extra: Partial<Job> = {}): Job {
  return {
    id,
    agent: "reviewer-agent",
    startedAt: null,
    finishedAt: null,
    error: null,
    ...extra,
  } as Job;
}

Deno.test("live display: counts and the latest job on one redrawn line, cleared at the end", () => {
  const out = fakeOutput(true);
  const clock = fakeClock();
  const display = progressDisplay(out, true, clock.now);
  display.update(job("j1"), "started");
  display.update(job("j1"), "progress", { percent: 40 } as never); // throttled
  clock.advance(100);
  display.update(job("j1"), "progress", { percent: 50 } as never);
  display.update(job("j1"), "job.succeeded");
  display.done();
  assert.equal(
    out.text,
    "\r\x1b[2K⠋ running 1  done 0  failed 0  reviewer-agent j1" +
      "\r\x1b[2K⠙ running 1  done 0  failed 0  reviewer-agent j1 50%" +
      "\r\x1b[2K⠹ running 0  done 1  failed 0" +
      "\r\x1b[2K",
  );
});

Deno.test("plain display: one line per finished job with duration and error", () => {
  const out = fakeOutput(false);
  const display = progressDisplay(out, false);
  display.update(job("j1"), "started");
  display.update(job("j1", { startedAt: 1000, finishedAt: 2500 }), "job.succeeded");
  display.update(
    job("j2", { error: { message: "boom" } as Job["error"] }),
    "job.failed",
  );
  display.done();
  assert.match(out.text, /^j1 reviewer-agent succeeded in \S+\nj2 reviewer-agent failed: boom\n$/);
  assert.ok(!out.text.includes("\x1b"), "no control codes in plain mode");
});
