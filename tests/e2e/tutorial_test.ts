/**
 * The tutorial cannot rot: every `sh` block of docs/tutorial.md marked
 * `<!-- tutorial: tested -->` is run, line by line and in order, against a
 * fresh copy of docs/example-project in a temp HOME, through a
 * `super-agents` launcher like the one `deno task install` writes. Every
 * block must carry a marker, so a new block cannot skip the test unnoticed.
 * `<job-id>` and `<correlation-id>` are filled from earlier output.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { createSandbox, MAIN } from "../support/cli.ts";
import { GIT_ENV } from "../support/git_repo.ts";

const TUTORIAL = new URL("../../docs/tutorial.md", import.meta.url);
const EXAMPLE = new URL("../../docs/example-project/", import.meta.url).pathname;
const CONFIG = new URL("../../deno.json", import.meta.url).pathname;

interface Block {
  tested: boolean;
  lines: string[];
}

/** The `sh` blocks of the tutorial with their markers. */
function tutorialBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  for (
    const match of markdown.matchAll(/(<!-- tutorial: ([a-z ]+) -->\s*)?```sh\n([\s\S]*?)```/g)
  ) {
    assert.ok(
      match[2],
      `an sh block has no <!-- tutorial: tested|not tested --> marker:\n${match[3]}`,
    );
    blocks.push({
      tested: match[2] === "tested",
      lines: match[3].split("\n").map((line) => line.trim()).filter((l) => l && !l.startsWith("#")),
    });
  }
  return blocks;
}

async function copyTree(from: string, to: string): Promise<void> {
  await Deno.mkdir(to, { recursive: true });
  for await (const entry of Deno.readDir(from)) {
    if (entry.isDirectory) await copyTree(join(from, entry.name), join(to, entry.name));
    else await Deno.copyFile(join(from, entry.name), join(to, entry.name));
  }
}

function fill(line: string, transcript: string): string {
  const last = (pattern: RegExp) => [...transcript.matchAll(pattern)].at(-1)?.[0];
  return line.replace(/<(job-id|correlation-id)>/g, (placeholder, name: string) => {
    const value = last(name === "job-id" ? /job_[a-z0-9]+/g : /toolu_[A-Za-z0-9]+/g);
    assert.ok(value, `no earlier output holds a value for ${placeholder}`);
    return value;
  });
}

Deno.test("every tested command of docs/tutorial.md succeeds on the example project", async () => {
  const blocks = tutorialBlocks(await Deno.readTextFile(TUTORIAL));
  assert.ok(blocks.filter((block) => block.tested).length >= 8, "the tutorial keeps its tests");
  const sandbox = await createSandbox();
  const bin = join(sandbox.home, "bin");
  const env = {
    ...sandbox.env,
    ...GIT_ENV,
    NO_COLOR: "1",
    PATH: `${bin}:${sandbox.env.PATH}`,
    GIT_AUTHOR_NAME: "Tutorial",
    GIT_AUTHOR_EMAIL: "tutorial@example.com",
    GIT_COMMITTER_NAME: "Tutorial",
    GIT_COMMITTER_EMAIL: "tutorial@example.com",
  };
  const shell = (line: string) =>
    new Deno.Command("bash", {
      args: ["-c", line],
      cwd: sandbox.project,
      env,
      clearEnv: true,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
  try {
    await copyTree(EXAMPLE, sandbox.project);
    await Deno.mkdir(bin);
    await Deno.writeTextFile(
      join(bin, "super-agents"),
      `#!/bin/sh\nexec '${Deno.execPath()}' run -A --unstable-worker-options --quiet ` +
        `--config '${CONFIG}' '${MAIN}' "$@"\n`,
    );
    await Deno.chmod(join(bin, "super-agents"), 0o755);
    let transcript = "";
    for (const block of blocks.filter((b) => b.tested)) {
      for (const line of block.lines) {
        const command = fill(line, transcript);
        const output = await shell(command);
        const stdout = new TextDecoder().decode(output.stdout);
        const stderr = new TextDecoder().decode(output.stderr);
        transcript += stdout + stderr;
        assert.equal(output.code, 0, `\`${command}\` failed (${output.code}):\n${stdout}${stderr}`);
      }
    }
    assert.match(transcript, /Template deno: tests run with `deno test -A`/);
    assert.match(transcript, /KM started/);
    assert.match(transcript, /ok: \d+ event\(s\)/);
  } finally {
    await shell("super-agents stop"); // a failed step must not leave the KM running
    await sandbox.cleanup();
  }
});
