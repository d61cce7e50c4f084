/**
 * The live dashboard in a real headless Chromium (Debian's `chromium`,
 * driven by playwright-core): a real KM in a temp project, the sign-in link
 * from `super-agents dashboard`, a task created from the CLI appearing on
 * the page, and the page updating when the task is cancelled from the CLI.
 * Skipped, with a message, only when /usr/bin/chromium is absent.
 */
import assert from "node:assert/strict";
import { kmSandbox } from "../plugins/km/km_sandbox.ts";
import { skipWithout } from "../support/service.ts";

const CHROMIUM = "/usr/bin/chromium";
const chromiumPresent = (() => {
  try {
    return Deno.statSync(CHROMIUM).isFile;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
})();
if (!chromiumPresent) {
  console.warn(
    `dashboard_browser_test: SKIPPED — ${CHROMIUM} is absent (apt-get install -y chromium, ` +
      "or run .ci/run, which installs it)",
  );
}

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

Deno.test({
  name: "dashboard in Chromium: a CLI-created task appears and its cancellation shows live",
  ignore: skipWithout(
    "chromium",
    chromiumPresent,
    "apt-get install chromium (scripts/services.sh does)",
  ),
  async fn() {
    const { chromium } = await import("../support/browser_deps.ts");
    const box = await kmSandbox();
    const profile = await Deno.makeTempDir({ prefix: "dashboard-chromium-" });
    try {
      // No supervised worker: the task must stay queued until the test cancels it.
      const started = await box.run(["start", "--json"], {
        env: { SUPER_AGENTS_WORKER_AUTOSTART: "false" },
      });
      assert.equal(started.code, 0, started.stderr);
      const link = await box.run(["dashboard", "--json"]);
      assert.equal(link.code, 0, link.stderr);
      const { url, port } = JSON.parse(link.stdout);
      assert.match(url, /\/\?token=/);

      const context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        args: CHROMIUM_ARGS,
      });
      try {
        const page = await context.newPage();
        const errors: string[] = [];
        page.on("pageerror", (error: Error) => errors.push(error.message));

        // Without the cookie, / is the sign-in page.
        await page.goto(`http://127.0.0.1:${port}/`);
        assert.equal(await page.locator("input[name=token]").count(), 1);

        // The link signs in (cookie) and lands on / without the token in the address.
        await page.goto(url);
        assert.equal(page.url(), `http://127.0.0.1:${port}/`);
        const cookies = await context.cookies();
        const session = cookies.find((c: { name: string }) => c.name === `sa_km_${port}`);
        assert.ok(session, "session cookie set");
        assert.equal(session.httpOnly, true);
        assert.equal(session.sameSite, "Strict");
        await page.waitForSelector("#connection[data-state=live]", { timeout: 20_000 });
        await page.waitForSelector("#km dd", { timeout: 20_000 });
        // The supervised worker is shown (here: not started, and how to start it).
        assert.match(
          (await page.textContent("#km")) ?? "",
          /worker\s*stopped · 0 restart\(s\) · no heartbeat yet · start it with `super-agents start`/,
        );

        const created = await box.run([
          "task",
          "create",
          "noop",
          "--input",
          "dashboard check",
          "--priority",
          "high",
          "--json",
        ]);
        assert.equal(created.code, 0, created.stderr);
        const jobId: string = JSON.parse(created.stdout).jobs[0].id;
        const row = `#jobs tr[data-job-id="${jobId}"]`;
        await page.waitForSelector(`${row}[data-state=queued]`, { timeout: 20_000 });
        assert.equal(await page.textContent(`${row} td:nth-child(2)`), "noop");
        await page.waitForSelector(
          '#queue tr[data-priority=high] td[data-state=queued]:text-is("1")',
          { timeout: 20_000 },
        );
        await page.waitForSelector('#events li[data-type="task.created"]', { timeout: 20_000 });

        const cancelled = await box.run(["task", "cancel", jobId]);
        assert.equal(cancelled.code, 0, cancelled.stderr);
        await page.waitForSelector(`${row}[data-state=cancelled]`, { timeout: 20_000 });
        assert.equal(await page.textContent(`${row} .state`), "cancelled");
        await page.waitForSelector('#events li[data-type="task.cancelled"]', { timeout: 20_000 });
        await page.waitForSelector(
          '#queue tr[data-priority=high] td[data-state=cancelled]:text-is("1")',
          { timeout: 20_000 },
        );
        assert.deepEqual(errors, []);

        // The page's event stream is still open: a graceful stop must end it, not hang on it.
        const stopped = await box.run(["stop", "--json"]);
        assert.equal(stopped.code, 0, stopped.stderr);
        assert.equal(JSON.parse(stopped.stdout).killed, false, "stopped by SIGTERM, not killed");
      } finally {
        await context.close();
      }
    } finally {
      await box.cleanup();
      await Deno.remove(profile, { recursive: true });
    }
  },
});
