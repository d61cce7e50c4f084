import assert from "node:assert/strict";
import { defaults, type NotificationsConfig } from "../../../plugins/notifications/config.ts";
import { notifyAll, taskMessage, webhookTargets } from "../../../plugins/notifications/notify.ts";
import { refill, takeFromFile, TokenBucket } from "../../../plugins/notifications/token_bucket.ts";
import { postWebhook } from "../../../plugins/notifications/webhook.ts";

/** A local webhook server that answers with the given statuses in turn, recording bodies. */
function server(statuses: number[]) {
  const bodies: unknown[] = [];
  let calls = 0;
  const http = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (request) => {
    bodies.push(await request.json());
    const status = statuses[Math.min(calls++, statuses.length - 1)];
    const body = status === 429
      ? JSON.stringify({ retry_after: 0.01 })
      : status === 204
      ? null
      : "ok";
    return new Response(body, { status });
  });
  return {
    url: `http://127.0.0.1:${http.addr.port}/hook`,
    bodies,
    calls: () => calls,
    close: () => http.shutdown(),
  };
}

function settings(overrides: Partial<NotificationsConfig> = {}): NotificationsConfig {
  return { ...defaults, timeoutMs: 5000, ...overrides };
}

Deno.test("webhook: Slack and Discord payloads reach the server", async () => {
  const slack = server([200]);
  const discord = server([204]);
  try {
    const targets = webhookTargets(
      settings({ slackWebhookUrl: slack.url }),
      (name) => name === "SUPER_AGENTS_DISCORD_WEBHOOK" ? discord.url : undefined,
    );
    const message = taskMessage({
      id: "job_1",
      agent: "reviewer-agent",
      state: "failed",
      error: "boom",
    });
    const results = await notifyAll(targets, message, settings());
    assert.deepEqual(results.map((r) => [r.target, r.ok]), [["slack", true], ["discord", true]]);
    const slackBody = slack.bodies[0] as { text: string; blocks: { type: string }[] };
    assert.match(slackBody.text, /reviewer-agent failed \(job_1\)/);
    assert.deepEqual(slackBody.blocks.map((b) => b.type), ["header", "section", "context"]);
    const discordBody = discord.bodies[0] as {
      content: string;
      embeds: { description: string; color: number }[];
    };
    assert.equal(discordBody.embeds[0].description, "boom");
    assert.equal(discordBody.embeds[0].color, 0xd7263d);
  } finally {
    await slack.close();
    await discord.close();
  }
});

Deno.test("webhook: 500 and 429 are retried, 400 is not, the deadline bounds it all", async () => {
  const flaky = server([500, 429, 200]);
  const bad = server([400]);
  const down = server([503]);
  try {
    const retried = await postWebhook(flaky.url, { text: "x" }, {
      retries: 3,
      timeoutMs: 5000,
      baseDelayMs: 5,
    });
    assert.deepEqual([retried.ok, retried.attempts, flaky.calls()], [true, 3, 3]);
    const rejected = await postWebhook(bad.url, { text: "x" }, {
      retries: 3,
      timeoutMs: 5000,
      baseDelayMs: 5,
    });
    assert.deepEqual([rejected.ok, rejected.status, bad.calls()], [false, 400, 1]);
    const started = Date.now();
    const gaveUp = await postWebhook(down.url, { text: "x" }, {
      retries: 50,
      timeoutMs: 300,
      baseDelayMs: 50,
    });
    assert.equal(gaveUp.ok, false);
    assert.match(gaveUp.error!, /deadline/);
    assert.ok(Date.now() - started < 2000, "bounded by the deadline, not by 50 retries");
  } finally {
    await flaky.close();
    await bad.close();
    await down.close();
  }
});

Deno.test("rate limit: a token bucket drops messages over the limit and refills", async () => {
  let now = 0;
  const bucket = new TokenBucket(2, 60_000, () => now);
  assert.deepEqual([bucket.take(), bucket.take(), bucket.take()], [true, true, false]);
  now += 30_000; // half a period refills one token
  assert.deepEqual([bucket.take(), bucket.take()], [true, false]);
  assert.deepEqual(refill({ tokens: 0, updatedAt: 0 }, 10, 1000, 5000), {
    tokens: 10,
    updatedAt: 5000,
  });

  const hook = server([200]);
  const dir = await Deno.makeTempDir();
  try {
    const targets = [{ kind: "slack" as const, url: hook.url }];
    const limited = settings({ maxPerMinute: 2 });
    const message = taskMessage({ id: "j", agent: "a", state: "succeeded", summary: "done" });
    const results = [];
    for (let i = 0; i < 3; i++) {
      results.push(...await notifyAll(targets, message, limited, { stateDir: dir }));
    }
    assert.deepEqual(results.map((r) => r.ok), [true, true, false]);
    assert.equal(results[2].limited, true);
    assert.equal(hook.calls(), 2);
    // The bucket is shared through the file, as separate hook processes would share it.
    assert.equal(await takeFromFile(`${dir}/notify-slack.bucket.json`, 2, 60_000), false);
  } finally {
    await hook.close();
    await Deno.remove(dir, { recursive: true });
  }
});
