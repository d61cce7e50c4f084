/**
 * `activity`: a spinner with a count, then a bar with counts, on a fake
 * terminal; nothing at all on a pipe or under `--json`.
 */
import assert from "node:assert/strict";
import { activity, withActivity } from "../../../core/cli/activity.ts";
import { CLEAR_LINE, type Ticker } from "../../../core/cli/progress.ts";
import { fakeClock, fakeOutput } from "./fake_output.ts";

const noTicker: Ticker = () => () => {};

Deno.test("activity on a pipe or under --json draws nothing; printed lines pass through", async () => {
  for (
    const ctx of [{ json: false, stderr: fakeOutput(false) }, {
      json: true,
      stderr: fakeOutput(true),
    }]
  ) {
    const stdout = fakeOutput(false);
    await withActivity(ctx, "pruning", async (progress) => {
      progress.tick();
      progress.total(10);
      progress.tick(5, "file.ts");
      progress.print(stdout, "batch msgbatch_1 submitted\n");
      await Promise.resolve();
    }, { ticker: noTicker });
    assert.equal(ctx.stderr.text, "", `json=${ctx.json}`);
    assert.equal(stdout.text, "batch msgbatch_1 submitted\n");
  }
});

Deno.test("activity on a terminal: a spinner with the count, then a bar with counts, then cleared", () => {
  const clock = fakeClock();
  const stderr = fakeOutput(true);
  const progress = activity({ json: false, stderr }, "checking", {
    now: clock.now,
    ticker: noTicker,
  });
  assert.equal(stderr.text, `${CLEAR_LINE}⠋ checking`);
  progress.tick(3);
  assert.ok(stderr.text.endsWith(`${CLEAR_LINE}⠙ checking 3`), JSON.stringify(stderr.text));
  progress.total(4);
  clock.advance(1000);
  progress.tick(1, "last.ts");
  assert.ok(
    stderr.text.includes("checking [████████████████████████] 4/4 100%  last.ts"),
    JSON.stringify(stderr.text),
  );
  const stdout = fakeOutput(true);
  progress.print(stdout, "a line\n");
  assert.equal(stdout.text, "a line\n");
  progress.end();
  assert.ok(stderr.text.endsWith(CLEAR_LINE), "the line is erased at the end");
});
