import assert from "node:assert/strict";
import { projectPaths } from "../../../core/paths.ts";
import { historyPath, openOutcomeStore } from "../../../plugins/analytics/history/outcome_store.ts";
import { openLessonBook } from "../../../plugins/analytics/lessons/open_lesson_book.ts";

/** Successful jobs of three agents, on distinct topics: [agent, kind, task, answer]. */
const LEARNED: [string, string, string, string][] = [
  [
    "developer-agent",
    "fix",
    "fix the login crash when the session cookie expired",
    "Fixed: src/auth/session.ts now checks the cookie expiry before redirecting; added a test in tests/auth_test.ts.",
  ],
  [
    "developer-agent",
    "fix",
    "fix the off-by-one in the pagination of the orders list",
    "The page offset was computed from 1; src/orders/paginate.ts now uses (page - 1) * size; covered by tests/paginate_test.ts.",
  ],
  [
    "developer-agent",
    "feature",
    "add CSV export to the invoices page",
    "Added src/invoices/export_csv.ts streaming rows with a header; the route /invoices.csv uses it.",
  ],
  [
    "developer-agent",
    "fix",
    "fix the timezone bug in the nightly report scheduler",
    "Scheduled times are now stored in UTC in src/scheduler/cron.ts and shown in the user's zone.",
  ],
  [
    "reviewer-agent",
    "review",
    "review the payment retry change",
    "Verdict: pass. The retry loop in src/payments/retry.ts is bounded and idempotent; asked for a jitter test.",
  ],
  [
    "reviewer-agent",
    "review",
    "review the new caching layer for stale reads",
    "Verdict: pass. Cache invalidation on write in src/cache/store.ts; noted a missing TTL on negative entries.",
  ],
  [
    "security-agent",
    "security",
    "audit the file upload endpoint for path traversal",
    "Found path traversal in src/upload/save.ts (joined the client name); now resolved inside the uploads root and refused otherwise.",
  ],
  [
    "security-agent",
    "security",
    "audit the SQL queries of the search endpoint for injection",
    "src/search/query.ts built SQL by concatenation; replaced with bound parameters; no other sinks found.",
  ],
];

/** Later tasks, each with the lesson (index into LEARNED) a person would want in its context. */
const LABELLED: [string, string, number][] = [
  ["developer-agent", "the login crashes again after the session expired", 0],
  ["developer-agent", "pagination of the customers list skips the first row", 1],
  ["developer-agent", "add an Excel export to the invoices page", 2],
  ["developer-agent", "the weekly report runs at the wrong hour after the DST timezone change", 3],
  ["reviewer-agent", "review the retry logic of the refund payments", 4],
  ["reviewer-agent", "review the cache eviction change", 5],
  ["security-agent", "audit the avatar upload for path traversal", 6],
  ["security-agent", "check the reports endpoint for SQL injection", 7],
];

async function book() {
  const root = await Deno.makeTempDir({ prefix: "sa_lessons_" });
  const paths = projectPaths(root);
  const store = openOutcomeStore(historyPath(paths));
  let now = 1_800_000_000_000;
  const opened = await openLessonBook(paths, store, () => now++);
  return {
    ...opened,
    store,
    async cleanup() {
      opened.close();
      store.close();
      await Deno.remove(root, { recursive: true });
    },
  };
}

Deno.test("lessons: retrieval on a labelled set — the right lesson comes back for each later task (precision and recall measured)", async () => {
  const { book: lessons, cleanup } = await book();
  try {
    const ids = LEARNED.map(([agent, kind, task, answer], i) =>
      lessons.learn({ id: `job_l${i}`, agent }, kind, task, answer)!
    );
    let relevantReturned = 0;
    let returned = 0;
    let found = 0;
    for (const [agent, task, expected] of LABELLED) {
      const context = lessons.recall(agent, task, 3);
      returned += context.length;
      const hit = context.some((c) => c.id === `lesson:${ids[expected]}`);
      if (hit) found++;
      relevantReturned += context.filter((c) => c.id === `lesson:${ids[expected]}`).length;
      if (context.length) {
        assert.equal(context[0].id, `lesson:${ids[expected]}`, `${task}: best lesson first`);
      }
      // Never another agent's lesson.
      for (const c of context) {
        const index = ids.indexOf(Number(c.id.slice("lesson:".length)));
        assert.equal(LEARNED[index][0], agent);
      }
    }
    const precision = relevantReturned / returned;
    const recall = found / LABELLED.length;
    console.log(
      `lesson retrieval: recall ${found} of ${LABELLED.length} (${
        (recall * 100).toFixed(0)
      }%), precision ${relevantReturned} of ${returned} lessons given (${
        (precision * 100).toFixed(0)
      }%)`,
    );
    assert.equal(found, LABELLED.length, "every labelled task got its lesson");
    assert.ok(precision >= 0.8, `precision ${precision}`);
  } finally {
    await cleanup();
  }
});

Deno.test("lessons: a failure after a lesson was given demotes it out of later contexts; prune removes it", async () => {
  const { book: lessons, store, cleanup } = await book();
  try {
    const id = lessons.learn(
      { id: "job_a", agent: "developer-agent" },
      "fix",
      LEARNED[0][2],
      LEARNED[0][3],
    )!;
    assert.equal(
      lessons.learn({ id: "job_b", agent: "developer-agent" }, "fix", "x", "ok"),
      undefined,
      "nothing to learn from",
    );
    const given = lessons.recall(
      "developer-agent",
      "the login crashes after the session expired",
      3,
      "job_c",
    );
    assert.deepEqual(given.map((g) => g.id), [`lesson:${id}`]);
    assert.match(given[0].text, /^developer-agent · fix: fix the login crash/);
    assert.match(given[0].text, /Files: src\/auth\/session\.ts, tests\/auth_test\.ts/);
    lessons.jobEnded("job_c", false); // the job that was given it failed: score 1 → 0
    assert.deepEqual(lessons.recall("developer-agent", "login crash session", 3), []);
    assert.deepEqual(lessons.list().map((l) => [l.kmId, l.score, l.uses]), [[id, 0, 1]]);
    assert.equal(lessons.prune(), 1);
    assert.deepEqual(lessons.list(), []);
    const citations = store.db.prepare("SELECT count(*) AS n FROM lesson_citations").get() as {
      n: number;
    };
    assert.equal(citations.n, 0);
  } finally {
    await cleanup();
  }
});

Deno.test("lessons: a reviewer's pass promotes the work's lesson, a fail demotes it and the lessons it was given", async () => {
  const { book: lessons, cleanup } = await book();
  try {
    const given = lessons.learn(
      { id: "job_old", agent: "developer-agent" },
      "fix",
      LEARNED[1][2],
      LEARNED[1][3],
    )!;
    lessons.recall("developer-agent", "pagination skips a row", 3, "job_new");
    const learned = lessons.learn(
      { id: "job_new", agent: "developer-agent" },
      "fix",
      "fix pagination of invoices",
      "Changed src/invoices/list.ts to use a zero-based offset for pages.",
    )!;
    lessons.verdict(["job_old"], true);
    lessons.verdict(["job_new"], false);
    const scores = Object.fromEntries(lessons.list().map((l) => [l.kmId, l.score]));
    assert.deepEqual(scores, { [given]: 1 + 1 - 1, [learned]: 1 - 2 });
  } finally {
    await cleanup();
  }
});

Deno.test("lessons: agent names are one exact index token; hostile task text is never FTS5 syntax", async () => {
  const { agentToken } = await import("../../../plugins/analytics/lessons/lesson_book.ts");
  const names = ["a-b", "axb", "a.b", "a_b", "axdb", "x-x", "xx"];
  assert.equal(new Set(names.map(agentToken)).size, names.length, "no two names share a token");
  for (const token of names.map(agentToken)) assert.match(token, /^[a-z0-9]+$/);
  const { book: lessons, cleanup } = await book();
  try {
    lessons.learn(
      { id: "job_1", agent: "a-b" },
      "fix",
      "fix the parser crash",
      "Fixed the parser in src/parse.ts by bounding recursion.",
    );
    lessons.learn(
      { id: "job_2", agent: "axb" },
      "fix",
      "fix the parser crash",
      "Fixed the parser in src/parse.ts by bounding the depth.",
    );
    assert.deepEqual(lessons.recall("a-b", "parser crash", 3).length, 1, "only a-b's own lesson");
    for (
      const hostile of [
        'parser" OR agent : "axb',
        "parser*",
        "NEAR(parser crash)",
        "-parser",
        "parser)) OR ((x",
      ]
    ) {
      for (const lesson of lessons.recall("a-b", hostile, 3)) assert.match(lesson.text, /^a-b · /);
    }
  } finally {
    await cleanup();
  }
});

Deno.test("lessons: a word in more than half of all lessons does not count (it ranks nothing)", async () => {
  const { book: lessons, cleanup } = await book();
  try {
    const topics = ["login", "cache", "upload", "report", "invoice", "search"];
    const ids: Record<string, number> = {};
    for (let i = 0; i < 30; i++) {
      const topic = topics[i % 6];
      const id = lessons.learn(
        { id: `job_m${i}`, agent: "developer-agent" },
        "fix",
        `fix the ${topic} module, part ${i}`,
        `Changed the ${topic} module in src/${topic}/main_${i}.ts and its tests.`,
      )!;
      ids[topic] ??= id;
    }
    // "module" and "fix" are in every lesson: only "upload" ranks.
    const given = lessons.recall("developer-agent", "fix the upload module", 3);
    assert.ok(given.length > 0);
    for (const lesson of given) assert.match(lesson.text, /upload/);
    assert.deepEqual(
      lessons.recall("developer-agent", "fix the module", 3),
      [],
      "only common words",
    );
  } finally {
    await cleanup();
  }
});
