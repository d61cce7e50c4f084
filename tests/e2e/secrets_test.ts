/**
 * `super-agents secrets` end to end: values go in through stdin (never
 * argv), are never written into the project nor printed (except by
 * `get --reveal`), the file store is 0600 with a different key per home,
 * a lost key is a clear error that loses nothing, a keychain (a fake
 * `secret-tool` on PATH) is used when it answers, and `run` finds a stored
 * API key.
 */
import assert from "node:assert/strict";
import { join, relative } from "node:path";
import { createSandbox, type Sandbox } from "../support/cli.ts";
import { scripted, startFakeAnthropic, text } from "../support/fake_anthropic.ts";

const KEY = "sk-ant-e2e-Zq8v3Kx1Lm5Np7Rt9Wy2";
const FILE_BACKEND = { SUPER_AGENTS_SECRETS_BACKEND: "file" };

async function project(): Promise<Sandbox> {
  const sandbox = await createSandbox();
  for (const dir of ["state", "events", "agents", "logs", "workspaces"]) {
    await Deno.mkdir(join(sandbox.project, ".claude", dir), { recursive: true });
  }
  Object.assign(sandbox.env, FILE_BACKEND);
  return sandbox;
}

/** Every file under `dir` whose bytes contain `needle`. */
async function filesContaining(dir: string, needle: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (current: string) => {
    for await (const entry of Deno.readDir(current)) {
      const path = join(current, entry.name);
      if (entry.isDirectory) await walk(path);
      else if (entry.isFile && (await Deno.readTextFile(path)).includes(needle)) {
        found.push(relative(dir, path));
      }
    }
  };
  await walk(dir);
  return found;
}

function mode(path: string): number {
  return Deno.statSync(path).mode! & 0o777;
}

Deno.test("secrets: set from stdin, masked get, list, reveal, rm; never in the project or output", async () => {
  const sandbox = await project();
  try {
    const outputs: string[] = [];
    const run = async (args: string[], stdin?: string) => {
      const result = await sandbox.run(args, { stdin });
      outputs.push(result.stdout, result.stderr);
      return result;
    };
    const set = await run(["secrets", "set", "ANTHROPIC_API_KEY"], KEY + "\n");
    assert.equal(set.code, 0, set.stderr);
    assert.equal(set.stdout, "stored ANTHROPIC_API_KEY (file)\n");
    const masked = await run(["secrets", "get", "ANTHROPIC_API_KEY"]);
    assert.equal(masked.stdout, `sk-a**** (${KEY.length} chars)\n`);
    const list = await run(["--json", "secrets", "list"]);
    const listed = JSON.parse(list.stdout).secrets;
    assert.deepEqual(listed.map((s: { name: string; backend: string }) => [s.name, s.backend]), [[
      "ANTHROPIC_API_KEY",
      "file",
    ]]);
    assert.equal((await run(["secrets", "list"])).stdout.includes("ANTHROPIC_API_KEY"), true);
    assert.equal((await run(["config", "set", "log.level", "debug"])).code, 0);
    assert.equal(
      (await run(["doctor"])).stdout.includes("ANTHROPIC_API_KEY is in the credential store"),
      true,
    );
    for (const output of outputs) assert.ok(!output.includes(KEY), `printed: ${output}`);
    assert.deepEqual(await filesContaining(sandbox.project, KEY), [], "nothing in the project");
    assert.deepEqual(await filesContaining(sandbox.home, KEY), [], "only ciphertext at home");

    const reveal = await sandbox.run(["secrets", "get", "ANTHROPIC_API_KEY", "--reveal"]);
    assert.equal(reveal.stdout, KEY + "\n");
    const data = join(sandbox.home, ".super-agents");
    assert.equal(mode(join(data, "secret.key")), 0o600);
    assert.equal(mode(join(data, "secrets.enc")), 0o600);
    assert.equal(mode(data), 0o700);

    const flag = await sandbox.run(["secrets", "set", "OTHER", "--value", "v-123"]);
    assert.equal(flag.code, 0);
    assert.match(flag.stderr, /--value puts the secret in your shell history/);
    assert.equal((await sandbox.run(["secrets", "rm", "OTHER"])).stdout, "removed OTHER (file)\n");
    const gone = await sandbox.run(["secrets", "get", "OTHER"]);
    assert.equal(gone.code, 1);
    assert.match(gone.stderr, /no secret named "OTHER"/);
    assert.match(gone.stderr, /hint: store it: super-agents secrets set OTHER/);
    const bad = await sandbox.run(["secrets", "set", "../x"], { stdin: "v" });
    assert.equal(bad.code, 2);
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("secrets: two homes never share a key; a lost key is a clear error that loses nothing", async () => {
  const a = await project();
  const b = await project();
  try {
    assert.equal((await a.run(["secrets", "set", "T"], { stdin: "value-a" })).code, 0);
    assert.equal((await b.run(["secrets", "set", "T"], { stdin: "value-b" })).code, 0);
    const keyA = await Deno.readTextFile(join(a.home, ".super-agents", "secret.key"));
    const keyB = await Deno.readTextFile(join(b.home, ".super-agents", "secret.key"));
    assert.notEqual(keyA, keyB);
    const data = join(a.home, ".super-agents");
    const store = await Deno.readFile(join(data, "secrets.enc"));
    await Deno.rename(join(data, "secret.key"), join(a.home, "key.saved"));
    const lost = await a.run(["secrets", "get", "T", "--reveal"]);
    assert.equal(lost.code, 1);
    assert.match(lost.stderr, /secret\.key is missing but .*secrets\.enc holds 1 secret/);
    assert.match(lost.stderr, /hint: restore secret\.key from your backup/);
    const refused = await a.run(["secrets", "set", "U"], { stdin: "u" });
    assert.equal(refused.code, 1, "no silent re-key over existing secrets");
    assert.deepEqual(await Deno.readFile(join(data, "secrets.enc")), store);
    await Deno.rename(join(a.home, "key.saved"), join(data, "secret.key"));
    assert.equal((await a.run(["secrets", "get", "T", "--reveal"])).stdout, "value-a\n");
  } finally {
    await a.cleanup();
    await b.cleanup();
  }
});

Deno.test("secrets: a reachable keychain (fake secret-tool) is used; keychain mode without a bus is refused", async () => {
  const sandbox = await project();
  const bin = join(sandbox.home, "bin");
  const keyring = join(sandbox.home, "keyring");
  try {
    await Deno.mkdir(bin);
    await Deno.writeTextFile(
      join(bin, "secret-tool"),
      `#!/bin/sh
cmd="$1"; shift; acct=""
while [ $# -gt 0 ]; do
  case "$1" in account) acct="$2"; shift 2;; service) shift 2;; *) shift;; esac
done
case "$cmd" in
  lookup) [ -f "$FAKE_KEYRING/$acct" ] && { cat "$FAKE_KEYRING/$acct"; exit 0; }; exit 1;;
  store) mkdir -p "$FAKE_KEYRING"; cat > "$FAKE_KEYRING/$acct";;
  clear) rm -f "$FAKE_KEYRING/$acct";;
  *) echo "unknown command" >&2; exit 2;;
esac
`,
      { mode: 0o755 },
    );
    const env = {
      SUPER_AGENTS_SECRETS_BACKEND: "auto",
      PATH: `${bin}:${sandbox.env.PATH}`,
      DBUS_SESSION_BUS_ADDRESS: "unix:path=/fake",
      FAKE_KEYRING: keyring,
    };
    if (Deno.build.os !== "linux") return; // the fake stands in for libsecret on Linux
    const set = await sandbox.run(["secrets", "set", "SUPER_AGENTS_SLACK_WEBHOOK"], {
      stdin: "https://hooks.slack.test/abc",
      env,
    });
    assert.equal(set.stdout, "stored SUPER_AGENTS_SLACK_WEBHOOK (secret-tool)\n", set.stderr);
    assert.equal(
      await Deno.readTextFile(join(keyring, "SUPER_AGENTS_SLACK_WEBHOOK")),
      "https://hooks.slack.test/abc",
    );
    await assert.rejects(Deno.stat(join(sandbox.home, ".super-agents", "secrets.enc")));
    const reveal = await sandbox.run(["secrets", "get", "SUPER_AGENTS_SLACK_WEBHOOK", "--reveal"], {
      env,
    });
    assert.equal(reveal.stdout, "https://hooks.slack.test/abc\n");
    const list = await sandbox.run(["secrets", "list"], { env });
    assert.match(list.stdout, /SUPER_AGENTS_SLACK_WEBHOOK\s+secret-tool/);
    assert.equal(
      (await sandbox.run(["secrets", "rm", "SUPER_AGENTS_SLACK_WEBHOOK"], { env })).code,
      0,
    );
    await assert.rejects(Deno.stat(join(keyring, "SUPER_AGENTS_SLACK_WEBHOOK")));
    const noBus = await sandbox.run(["secrets", "set", "X"], {
      stdin: "x",
      env: { ...env, SUPER_AGENTS_SECRETS_BACKEND: "keychain", DBUS_SESSION_BUS_ADDRESS: "" },
    });
    assert.equal(noBus.code, 1);
    assert.match(noBus.stderr, /no OS keychain answers/);
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("secrets: `run` uses a stored ANTHROPIC_API_KEY when the environment has none", async () => {
  const sandbox = await project();
  const fake = await startFakeAnthropic({ responder: scripted([text("All good.")]) });
  try {
    assert.equal(
      (await sandbox.run(["secrets", "set", "ANTHROPIC_API_KEY"], { stdin: KEY })).code,
      0,
    );
    const result = await sandbox.run(["run", "developer-agent", "say hello"], {
      env: { ANTHROPIC_BASE_URL: fake.url },
    });
    assert.equal(result.code, 0, result.stderr);
    const [request] = fake.messageRequests();
    assert.ok(
      request.headers["x-api-key"] === KEY || request.headers.authorization === `Bearer ${KEY}`,
    );
    assert.ok(!result.stdout.includes(KEY) && !result.stderr.includes(KEY));
    assert.deepEqual(await filesContaining(sandbox.project, KEY), []);
    const log = await Deno.readTextFile(join(sandbox.project, ".claude", "events", "log.ndjson"));
    assert.match(log, /"audit\.secret\.use"/);
  } finally {
    await fake.close();
    await sandbox.cleanup();
  }
});
