/**
 * The autonomy loop end to end through the real CLI: `init` in a fresh git
 * repository installs the hooks, `start` runs the KM and a supervised
 * worker, a commit queues the post-commit agents and they finish with no
 * further command; a worker killed with SIGKILL is restarted (and the
 * restart is an event); `stop` leaves no process and no state file.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { createSandbox } from "../support/cli.ts";
import { commitInSandbox, createGitRepo } from "../support/git_repo.ts";
import { projectProcesses } from "../support/processes.ts";

function alive(pid: number): boolean {
  try {
    Deno.kill(pid, 0 as unknown as Deno.Signal);
    return !Deno.readTextFileSync(`/proc/${pid}/stat`).includes(") Z ");
  } catch {
    return false; // gone (ESRCH) or its /proc entry vanished while reading
  }
}

async function poll<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>) {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 50;; delay = Math.min(delay * 2, 500)) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

interface Job {
  agent: string;
  state: string;
  input: { commit?: string };
}

Deno.test("autonomy: start runs a supervised worker; a commit's agents finish by themselves; stop ends all", async () => {
  const sandbox = await createSandbox();
  const pids: number[] = [];
  try {
    const repo = await createGitRepo(sandbox.project);
    await repo.commit("first", { "README.md": "# app\n" });
    const init = await sandbox.run(["init"]);
    assert.equal(init.code, 0, init.stderr);
    assert.match(init.stdout, /Git hooks:\npre-commit\s+installed/);

    const started = await sandbox.run(["start", "--json"]);
    assert.equal(started.code, 0, started.stderr);
    const info = JSON.parse(started.stdout);
    pids.push(info.pid, info.worker.supervisorPid, info.worker.workerPid);
    assert.ok(alive(info.worker.workerPid) && alive(info.worker.supervisorPid));
    // The worker's claim loop beats; status (and the dashboard) show when it last did.
    const beating = await poll("the worker's first heartbeat", 30_000, async () => {
      const worker = JSON.parse((await sandbox.run(["status", "--json"])).stdout).worker;
      return worker.lastHeartbeatAt === undefined ? undefined : worker;
    });
    assert.equal(beating.pid, info.worker.workerPid);
    const dashboard = await sandbox.run(["status"]);
    assert.match(dashboard.stdout, /beat +\d+s ago/);

    await repo.stage({ "notes.md": "# notes\n" });
    const committed = await commitInSandbox(sandbox, "add notes");
    assert.equal(committed.code, 0, committed.stderr);
    const head = (await repo.git("rev-parse", "HEAD")).trim();
    // No `worker` command: the supervised worker claims and runs what the hook queued.
    const jobs = await poll("the post-commit jobs to finish", 90_000, async () => {
      const listed = await sandbox.run(["task", "list", "--json"]);
      const mine = (JSON.parse(listed.stdout).jobs as Job[]).filter((j) => j.input.commit === head);
      const done = mine.length > 0 &&
        mine.every((j) => ["succeeded", "failed", "dead"].includes(j.state));
      return done ? mine : undefined;
    });
    const scan = jobs.find((job) => job.agent === "secret-scan");
    assert.equal(scan?.state, "succeeded", JSON.stringify(jobs));

    // A worker killed outright is restarted by its supervisor, and the restart is recorded.
    Deno.kill(info.worker.workerPid, "SIGKILL");
    const restarted = await poll("the worker to be restarted", 30_000, async () => {
      const status = JSON.parse((await sandbox.run(["status", "--json"])).stdout);
      const worker = status.worker;
      return worker.alive && worker.pid !== info.worker.workerPid ? worker : undefined;
    });
    pids.push(restarted.pid);
    assert.equal(restarted.restarts, 1);
    assert.equal(restarted.supervisorPid, info.worker.supervisorPid);
    assert.equal(restarted.lastExit.signal, "SIGKILL");
    // The supervisor records the restart right after starting the new worker: wait for the line.
    const restart = await poll("the worker.restarted event", 30_000, async () => {
      const events = (await Deno.readTextFile(join(sandbox.project, ".claude/events/log.ndjson")))
        .trim().split("\n").map((line) => JSON.parse(line));
      return events.find((event) => event.type === "worker.restarted");
    });
    assert.equal(restart?.payload.previousPid, info.worker.workerPid);
    assert.equal(restart?.payload.pid, restarted.pid);

    const stopped = await sandbox.run(["stop", "--json"]);
    assert.equal(stopped.code, 0, stopped.stderr);
    for (const pid of pids) assert.equal(alive(pid), false, `pid ${pid} still runs after stop`);
    // Nor any other process of the project (the process table, not only the pids we know).
    assert.deepEqual(await projectProcesses(sandbox.project), []);
    const state = [...Deno.readDirSync(join(sandbox.project, ".claude/state"))].map((e) => e.name);
    for (
      const name of [
        "worker.json",
        "worker.pid",
        "worker_supervisor.pid",
        "worker.heartbeat",
        "km.pid",
      ]
    ) {
      assert.ok(!state.includes(name), `${name} left behind`);
    }
    const status = await sandbox.run(["status", "--json"]);
    assert.equal(JSON.parse(status.stdout).worker.status, "stopped");
  } finally {
    for (const pid of pids) {
      if (alive(pid)) Deno.kill(pid, "SIGKILL");
    }
    await sandbox.cleanup();
  }
});

Deno.test("autonomy: worker.autostart false starts the KM alone; status and doctor report a dead supervisor", async () => {
  const sandbox = await createSandbox();
  const pids: number[] = [];
  try {
    assert.equal((await sandbox.run(["init"])).code, 0);
    const off = await sandbox.run(["config", "set", "worker.autostart", "false"]);
    assert.equal(off.code, 0, off.stderr);
    const started = await sandbox.run(["start"]);
    assert.equal(started.code, 0, started.stderr);
    assert.match(started.stdout, /worker not started \(worker\.autostart is false/);
    assert.equal(
      JSON.parse((await sandbox.run(["status", "--json"])).stdout).worker.status,
      "stopped",
    );
    const checked = await sandbox.run(["doctor", "--json"]);
    assert.match(checked.stdout, /"check":"autonomy"/);

    assert.equal((await sandbox.run(["config", "set", "worker.autostart", "true"])).code, 0);
    const both = JSON.parse((await sandbox.run(["start", "--json"])).stdout);
    pids.push(both.pid, both.worker.supervisorPid, both.worker.workerPid);
    assert.equal(both.alreadyRunning, true);
    assert.equal(both.worker.alreadyRunning, false);

    // The supervisor dies: nothing would restart the worker, and both commands say so.
    Deno.kill(both.worker.supervisorPid, "SIGKILL");
    await poll(
      "the supervisor to die",
      10_000,
      () => Promise.resolve(alive(both.worker.supervisorPid) ? undefined : true),
    );
    const status = await sandbox.run(["status", "--json"]);
    assert.equal(status.code, 1);
    const report = JSON.parse(status.stdout).worker;
    assert.equal(report.status, "dead");
    assert.match(report.fix, /super-agents restart/);
    const doctor = await sandbox.run(["doctor"]);
    assert.match(doctor.stdout, /supervised worker is dead/);
    assert.match(doctor.stdout, /super-agents restart/);

    const restarted = await sandbox.run(["restart", "--json"]);
    assert.equal(restarted.code, 0, restarted.stderr);
    const after = JSON.parse(restarted.stdout);
    pids.push(after.pid, after.worker.supervisorPid, after.worker.workerPid);
    assert.equal(alive(both.worker.workerPid), false, "the orphaned worker was stopped");
    assert.equal(
      JSON.parse((await sandbox.run(["status", "--json"])).stdout).worker.status,
      "running",
    );
    assert.equal((await sandbox.run(["stop"])).code, 0);
    for (const pid of pids) assert.equal(alive(pid), false, `pid ${pid} still runs after stop`);
  } finally {
    for (const pid of pids) {
      if (alive(pid)) Deno.kill(pid, "SIGKILL");
    }
    await sandbox.cleanup();
  }
});
