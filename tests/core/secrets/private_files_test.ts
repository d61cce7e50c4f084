/**
 * Private files: structured logs and state files are created 0600 and
 * `.claude/logs` / `.claude/state` 0700, existing ones are made private when
 * a writer opens them, and files elsewhere keep their usual modes.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { writeFileAtomic } from "../../../core/atomic_file.ts";
import { createLogger } from "../../../core/log.ts";
import { ensurePrivateDirSync, privateDirOf } from "../../../core/secrets/private_files.ts";

const modeOf = (path: string) => Deno.statSync(path).mode! & 0o777;

async function withProject(fn: (root: string) => Promise<void> | void): Promise<void> {
  const root = await Deno.makeTempDir({ prefix: "private-files-" });
  try {
    await fn(root);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

/** The mode a plain new directory gets here (umask applied), to compare with. */
function defaultDirMode(root: string): number {
  const dir = join(root, "plain-dir");
  Deno.mkdirSync(dir);
  return modeOf(dir);
}

Deno.test("privateDirOf: the .claude state, events and logs directories, nothing else", () => {
  assert.equal(privateDirOf("/r/.claude/state/km.port"), "/r/.claude/state");
  assert.equal(privateDirOf("/r/.claude/state/km/x/y.json"), "/r/.claude/state");
  assert.equal(privateDirOf("/r/.claude/events"), "/r/.claude/events");
  assert.equal(privateDirOf("/r/.claude/logs/km_server.log"), "/r/.claude/logs");
  assert.equal(privateDirOf("/r/.claude/config.json"), undefined);
  assert.equal(privateDirOf("/r/.claude/statefile"), undefined);
  assert.equal(privateDirOf("/r/state/x"), undefined);
});

Deno.test("ensurePrivateDirSync: creates 0700, tightens an existing directory, leaves parents", async () => {
  await withProject(async (root) => {
    const plain = defaultDirMode(root);
    const events = join(root, ".claude", "events");
    ensurePrivateDirSync(events);
    assert.equal(modeOf(events), 0o700);
    assert.equal(modeOf(join(root, ".claude")), plain);
    Deno.chmodSync(events, 0o755);
    ensurePrivateDirSync(events);
    assert.equal(modeOf(events), 0o700);
    await Deno.writeTextFile(join(root, "file"), "");
    const fileMode = modeOf(join(root, "file"));
    // A file in the way is an error, not a directory silently left as it was.
    assert.throws(() => ensurePrivateDirSync(join(root, "file", "sub")));
    assert.throws(() => ensurePrivateDirSync(join(root, "file")), /is not a directory/);
    assert.equal(modeOf(join(root, "file")), fileMode, "and the file is left as it was");
  });
});

Deno.test("createLogger: the log file is 0600 and .claude/logs 0700, rotated files too", async () => {
  await withProject((root) => {
    const file = join(root, ".claude", "logs", "km_server.log");
    const log = createLogger({ component: "km", file, maxBytes: 200, keep: 2 });
    try {
      for (let i = 0; i < 5; i++) log.info("a line long enough to rotate the file soon", { i });
    } finally {
      log.close();
    }
    assert.equal(modeOf(file), 0o600);
    assert.equal(modeOf(`${file}.1`), 0o600);
    assert.equal(modeOf(`${file}.lock`), 0o600);
    assert.equal(modeOf(join(root, ".claude", "logs")), 0o700);
  });
});

Deno.test("createLogger: a log another process created readable is made private before any line", async () => {
  await withProject(async (root) => {
    const logs = join(root, ".claude", "logs");
    const file = join(logs, "km_server.log");
    await Deno.mkdir(logs, { recursive: true, mode: 0o755 });
    Deno.chmodSync(logs, 0o755);
    await Deno.writeTextFile(file, "output of the starting shell\n", { mode: 0o644 });
    Deno.chmodSync(file, 0o644);
    const log = createLogger({ component: "km", file });
    try {
      assert.equal(modeOf(file), 0o600);
      assert.equal(modeOf(logs), 0o700);
    } finally {
      log.close();
    }
  });
});

Deno.test("createLogger: a log outside the project's private directories is 0600, its directory untouched", async () => {
  await withProject((root) => {
    const plain = defaultDirMode(root);
    const file = join(root, "elsewhere", "tool.log");
    const log = createLogger({ component: "tool", file });
    try {
      log.info("hello");
    } finally {
      log.close();
    }
    assert.equal(modeOf(file), 0o600);
    assert.equal(modeOf(join(root, "elsewhere")), plain);
  });
});

Deno.test("writeFileAtomic: state files are 0600 in a 0700 .claude/state, other files as before", async () => {
  await withProject(async (root) => {
    const state = join(root, ".claude", "state");
    await Deno.mkdir(state, { recursive: true });
    Deno.chmodSync(state, 0o755);
    await Deno.writeTextFile(join(state, "km.port"), "1\n", { mode: 0o644 });
    Deno.chmodSync(join(state, "km.port"), 0o644);

    await writeFileAtomic(join(state, "km.port"), "5001\n");
    assert.equal(await Deno.readTextFile(join(state, "km.port")), "5001\n");
    assert.equal(modeOf(join(state, "km.port")), 0o600, "replaced by a private file");
    assert.equal(modeOf(state), 0o700);
    await writeFileAtomic(join(state, "km", "nested.json"), "{}\n");
    assert.equal(modeOf(join(state, "km", "nested.json")), 0o600);

    await writeFileAtomic(join(root, ".claude", "config.json"), "{}\n");
    assert.equal(modeOf(join(root, ".claude", "config.json")), 0o644);
    await writeFileAtomic(join(state, "shared.txt"), "x\n", { mode: 0o640 });
    assert.equal(modeOf(join(state, "shared.txt")), 0o640, "an explicit mode wins");
  });
});
