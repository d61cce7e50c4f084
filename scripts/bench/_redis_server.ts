/**
 * A throw-away `redis-server` for the queue benchmarks: found on PATH (or
 * installed with apt when missing), started on a random loopback port with
 * no persistence, retried on another port if that one is taken, and stopped
 * (its data folder removed) afterwards. The `_` prefix keeps `all.ts` from
 * running this file as a benchmark.
 * @module
 */

/** A running redis-server. */
export interface RedisServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

async function redisBinary(): Promise<string | undefined> {
  const which = await new Deno.Command("sh", { args: ["-c", "command -v redis-server"] }).output();
  if (which.code === 0) return new TextDecoder().decode(which.stdout).trim();
  console.log("  redis-server missing: apt-get install -y redis-server");
  const install = await new Deno.Command("sh", {
    args: [
      "-c",
      "apt-get install -y redis-server >/dev/null 2>&1 || (apt-get update >/dev/null 2>&1 && apt-get install -y redis-server >/dev/null 2>&1)",
    ],
  }).output();
  return install.code === 0 ? "redis-server" : undefined;
}

async function listens(port: number): Promise<boolean> {
  for (let i = 0; i < 100; i++) {
    try {
      (await Deno.connect({ hostname: "127.0.0.1", port })).close();
      return true;
    } catch (error) {
      if (!(error instanceof Deno.errors.ConnectionRefused)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
  return false;
}

/**
 * A redis-server on a random loopback port, or `undefined` when there is
 * none and apt could not install one.
 *
 * @example
 * ```ts
 * const redis = await startRedisServer();
 * try { ... } finally { await redis?.stop(); }
 * ```
 */
export async function startRedisServer(): Promise<RedisServer | undefined> {
  const binary = await redisBinary();
  if (!binary) return undefined;
  const dir = await Deno.makeTempDir({ prefix: "bench-redis-" });
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 30_000);
    const server = new Deno.Command(binary, {
      args: ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        .concat(["--dir", dir]),
      stdout: "null",
      stderr: "null",
    }).spawn();
    if (await listens(port)) {
      return {
        url: `redis://127.0.0.1:${port}`,
        port,
        stop: async () => {
          server.kill("SIGTERM");
          await server.status;
          await Deno.remove(dir, { recursive: true });
        },
      };
    }
    server.kill("SIGKILL"); // the port was taken (or the server is slow): try another
    await server.status;
  }
  await Deno.remove(dir, { recursive: true });
  throw new Error("redis-server did not listen on any of 5 random ports");
}
