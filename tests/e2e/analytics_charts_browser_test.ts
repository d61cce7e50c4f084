/**
 * The analytics charts in a real headless Chromium (Debian's `chromium`,
 * driven by playwright-core): a real KM serves the charts page, uPlot (as
 * its own static asset) and the series of a project whose outcome history
 * holds a week of recorded outcomes plus jobs a real `worker --once` just
 * ran. The four charts render with that data, the open alert shows, and a
 * screenshot is kept under `dist/test-artifacts/` (or
 * `$SUPER_AGENTS_TEST_ARTIFACTS`). Also: `/metrics/analytics` parses as
 * Prometheus text, the open alert is on the KM's `/metrics` and the
 * dashboard's snapshot, and the data needs the token.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { projectPaths } from "../../core/paths.ts";
import { historyPath, openOutcomeStore } from "../../plugins/analytics/history/outcome_store.ts";
import { kmSandbox } from "../plugins/km/km_sandbox.ts";
import { skipWithout } from "../support/service.ts";
import { outcome } from "../plugins/analytics/history_rows.ts";

const CHROMIUM = "/usr/bin/chromium";
const chromiumPresent = (() => {
  try {
    return Deno.statSync(CHROMIUM).isFile;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
})();

const ARTIFACTS = Deno.env.get("SUPER_AGENTS_TEST_ARTIFACTS") ??
  new URL("../../dist/test-artifacts/", import.meta.url).pathname;

Deno.test({
  name:
    "analytics charts in Chromium: four uPlot charts render the recorded history; screenshot kept",
  ignore: skipWithout(
    "chromium",
    chromiumPresent,
    "apt-get install chromium (scripts/services.sh does)",
  ),
  async fn() {
    const { chromium } = await import("../support/browser_deps.ts");
    const box = await kmSandbox();
    const profile = await Deno.makeTempDir({ prefix: "analytics-chromium-" });
    try {
      // Real jobs first (the worker's history listener records them), then a week of history.
      for (let i = 0; i < 3; i++) {
        const created = await box.run(["task", "create", "noop", "--input", `job ${i}`]);
        assert.equal(created.code, 0, created.stderr);
      }
      const worked = await box.run(["worker", "--once", "--json"], {
        env: { SUPER_AGENTS_QUEUE_POLL_MS: "20" },
      });
      assert.equal(worked.code, 0, worked.stderr);
      const store = openOutcomeStore(historyPath(projectPaths(box.project)));
      const recorded =
        (store.db.prepare("SELECT count(*) AS n FROM outcomes WHERE agent = 'noop'").get() as {
          n: number;
        }).n;
      assert.equal(recorded, 3, "the worker recorded its jobs");
      const now = Date.now();
      const agents = ["reviewer-agent", "developer-agent", "security-agent"];
      for (let i = 0; i < 7 * 48; i++) {
        const finishedAt = now - i * 1_800_000 - 60_000;
        store.record(outcome({
          agent: agents[i % 3],
          outcome: (i * 7) % 10 === 0 ? "dead" : "succeeded",
          latencyMs: 2000 + ((i * 7919) % 9000),
          costUsd: 0.002 + (i % 5) * 0.004,
          enqueuedAt: finishedAt - 5000 - (i % 4) * 1_900_000,
          startedAt: finishedAt - 4000,
          finishedAt,
        }));
      }
      store.db.prepare(
        `INSERT INTO alerts (key, type, agent, level, message, evidence, open, raised_at)
         VALUES ('regression:reviewer-agent:version:v2', 'regression', 'reviewer-agent', 'warning',
           'reviewer-agent version v2 is worse than v1 in latency', '["latency: median 1540 ms vs 1040 ms"]', 1, ?)`,
      ).run(now);
      store.close();

      const started = await box.run(["start", "--json"], {
        env: { SUPER_AGENTS_WORKER_AUTOSTART: "false" },
      });
      assert.equal(started.code, 0, started.stderr);
      const link = await box.run(["dashboard", "--json"]);
      const { url, port } = JSON.parse(link.stdout);
      const base = `http://127.0.0.1:${port}`;
      const token = (await Deno.readTextFile(join(box.project, ".claude/state/km.token"))).trim();

      const anonymous = await fetch(`${base}/analytics/series.json`);
      assert.equal(anonymous.status, 401);
      await anonymous.body?.cancel();
      const badWindow = await fetch(`${base}/analytics/series.json?since=-1d`, {
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(badWindow.status, 400);
      await badWindow.body?.cancel();
      const metrics = await fetch(`${base}/metrics/analytics`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const metricsText = await metrics.text();
      assert.equal(metrics.status, 200, metricsText);
      assert.match(
        metricsText,
        /super_agents_analytics_alert_open\{agent="reviewer-agent",type="regression",level="warning"\} 1/,
      );
      assert.match(
        metricsText,
        /super_agents_analytics_outcomes_last_hour\{agent="noop",tier="unknown",succeeded="true"\} 3/,
      );
      // The KM's main /metrics carries the open alert too, and so does the dashboard's snapshot.
      const main = await fetch(`${base}/metrics`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const mainText = await main.text();
      assert.equal(main.status, 200, mainText);
      assert.match(
        mainText,
        /super_agents_analytics_alert_open\{agent="reviewer-agent",type="regression",level="warning"\} 1/,
      );
      assert.match(mainText, /super_agents_queue_depth/, "the KM's own families are still there");
      const snapshot = await fetch(`${base}/dashboard/api/snapshot`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const { alerts } = await snapshot.json();
      assert.ok(
        alerts.some((a: { code: string; message: string }) =>
          a.code === "ANALYTICS_REGRESSION" && a.message.startsWith("reviewer-agent: ")
        ),
        JSON.stringify(alerts),
      );
      const uplot = await fetch(`${base}/analytics/uplot.js`);
      assert.match(await uplot.text(), /uPlot \(v1\.6\.32\)/);

      const context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        args: [
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--no-first-run",
          "--disable-background-networking",
        ],
        viewport: { width: 1320, height: 900 },
      });
      try {
        const page = await context.newPage();
        const errors: string[] = [];
        page.on("pageerror", (error: Error) => errors.push(error.message));
        // Every resource the page asks for must load (the browser's own favicon request aside).
        page.on("response", (response: { status(): number; url(): string }) => {
          const path = new URL(response.url()).pathname;
          if (response.status() >= 400 && path !== "/favicon.ico") {
            errors.push(`${response.status()} ${path}`);
          }
        });
        await page.goto(url); // signs in (cookie) and lands on the dashboard, which links the charts
        await page.click("#charts-link");
        await page.waitForSelector("body[data-ready=true]", { timeout: 20_000 });
        for (const id of ["chart-queue", "chart-latency", "chart-cost", "chart-success"]) {
          assert.equal(await page.locator(`#${id} canvas`).count(), 1, `${id} drew a canvas`);
          assert.equal(
            await page.getAttribute(`#${id}`, "data-points"),
            "8",
            `${id}: 7 days + today`,
          );
        }
        assert.equal(await page.getAttribute("#chart-success", "data-series"), "4");
        const legend = (await page.textContent("#chart-success .u-legend")) ?? "";
        for (const agent of [...agents, "noop"]) assert.match(legend, new RegExp(agent));
        assert.match(
          (await page.textContent("#alerts")) ?? "",
          /reviewer-agent version v2 is worse than v1/,
        );
        assert.match((await page.textContent("#status")) ?? "", /^339 jobs in the window$/);
        assert.deepEqual(errors, []);
        await Deno.mkdir(ARTIFACTS, { recursive: true });
        const shot = join(ARTIFACTS, "analytics_charts.png");
        await page.screenshot({ path: shot, fullPage: true });
        const png = await Deno.readFile(shot);
        assert.deepEqual([...png.subarray(1, 4)], [0x50, 0x4e, 0x47], "a PNG");
        assert.ok(png.length > 20_000, `screenshot ${png.length} bytes`);
        console.log(`screenshot: ${shot} (${png.length} bytes)`);
      } finally {
        await context.close();
      }
      const stopped = await box.run(["stop", "--json"]);
      assert.equal(stopped.code, 0, stopped.stderr);
    } finally {
      await box.cleanup();
      await Deno.remove(profile, { recursive: true });
    }
  },
});
