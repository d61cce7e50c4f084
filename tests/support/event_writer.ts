/**
 * Test support: a separate process that appends events to a project's log
 * through the real appender, for concurrency, rotation and crash tests.
 *
 * Usage: `deno run -A event_writer.ts <project-root> <writer-id> <count> [options-json]`
 * where options are `{ batch?: number, fsync?: "always"|"group"|"never", rotateBytes?: number,
 * retainArchives?: number, forever?: boolean }`. Events have type `test.write` and payload `{ writer, i }`.
 * Prints `ready` once the first batch is stored.
 * @module
 */

import { projectPaths } from "../../core/paths.ts";
import { closeEventLogs, emitEvent, emitEvents, eventLogFor } from "../../core/events/emit.ts";

/** Path of this script, for `deno run`. */
export const EVENT_WRITER = new URL(import.meta.url).pathname;

/** Spawns a writer process. */
export function spawnWriter(
  root: string,
  writer: number,
  count: number,
  options: {
    batch?: number;
    fsync?: string;
    rotateBytes?: number;
    retainArchives?: number;
    forever?: boolean;
  } = {},
): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "--quiet",
      EVENT_WRITER,
      root,
      String(writer),
      String(count),
      JSON.stringify(options),
    ],
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}

if (import.meta.main) {
  const [root, writerText, countText, optionsText] = Deno.args;
  const options = JSON.parse(optionsText ?? "{}");
  const writer = Number(writerText);
  const count = Number(countText);
  const paths = projectPaths(root);
  await eventLogFor(paths, {
    fsync: options.fsync ?? "never",
    ...(options.rotateBytes ? { rotateBytes: options.rotateBytes } : {}),
    ...(options.retainArchives !== undefined ? { retainArchives: options.retainArchives } : {}),
  });
  const batch = options.batch ?? 1;
  let announced = false;
  for (let i = 0; options.forever || i < count; i += batch) {
    if (batch === 1) {
      // Many single appends in flight at once: exercises in-process coalescing and the flock.
      const inFlight = [];
      for (let j = i; j < Math.min(i + 25, count); j++) {
        inFlight.push(emitEvent(paths, { type: "test.write", payload: { writer, i: j } }));
      }
      await Promise.all(inFlight);
      i += inFlight.length - 1;
    } else {
      const size = options.forever ? batch : Math.min(batch, count - i);
      await emitEvents(
        paths,
        Array.from(
          { length: size },
          (_, j) => ({ type: "test.write", payload: { writer, i: i + j } }),
        ),
      );
    }
    if (!announced) {
      announced = true;
      await Deno.stdout.write(new TextEncoder().encode("ready\n"));
    }
  }
  await closeEventLogs();
}
