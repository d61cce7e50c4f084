/**
 * `super-agents dashboard`: prints the sign-in URL of this project's live
 * dashboard (the KM's `/`, with the project token as `?token=`; the page
 * swaps it for an HttpOnly cookie and drops it from the address bar), and
 * with `--open` opens it in the default browser. `--grafana` prints the
 * Grafana dashboard for the KM's `/metrics` (embedded, so a compiled binary
 * has it too).
 * @module
 */

import { booleanFlag, defineCommand } from "../../../core/cli/command.ts";
import { SuperAgentsError } from "../../../core/errors.ts";
import { inspectKm } from "../inspect.ts";
import { requireProject } from "../../../core/paths.ts";
import grafanaJson from "../../../templates/grafana/super-agents.json" with { type: "text" };

/** The dashboard URL of a KM bound to `host:port`. */
export function dashboardUrl(host: string, port: number, token: string): string {
  const reachable = host === "0.0.0.0" ? "127.0.0.1" : host === "::" ? "[::1]" : host;
  const bracketed = reachable.includes(":") && !reachable.startsWith("[")
    ? `[${reachable}]`
    : reachable;
  return `http://${bracketed}:${port}/?token=${encodeURIComponent(token)}`;
}

/** The program that opens a URL on this platform. */
function opener(): string[] {
  if (Deno.build.os === "darwin") return ["open"];
  if (Deno.build.os === "windows") return ["cmd", "/c", "start", ""];
  return ["xdg-open"];
}

/** The `dashboard` command. */
export const command = defineCommand({
  name: "dashboard",
  summary: "print (or open) the URL of this project's live dashboard",
  description: "The dashboard is served by the project's KM at `/`: projects on this machine,\n" +
    "the KM and workers, the queue by priority and state, running jobs with their DAG,\n" +
    "live events, fallbacks and costs, and alerts. The URL carries the project token;\n" +
    "treat it like a password.",
  flags: {
    open: { type: "boolean", description: "open the URL in the default browser" },
    grafana: {
      type: "boolean",
      description: "print the Grafana dashboard JSON for the /metrics series (import it)",
    },
  },
  examples: [
    "super-agents dashboard",
    "super-agents dashboard --open",
    "super-agents dashboard --grafana > super-agents-grafana.json",
  ],
  async run(ctx, args) {
    if (booleanFlag(args, "grafana")) {
      ctx.stdout.write(grafanaJson);
      return;
    }
    const paths = requireProject(ctx);
    const km = await inspectKm(paths);
    if (km.status !== "running" || !km.state) {
      throw new SuperAgentsError(
        "KM_NOT_RUNNING",
        `the KM of ${paths.root} is ${km.status}${km.reason ? ` (${km.reason})` : ""}`,
        { hint: "start it with `super-agents start`, then run `super-agents dashboard` again" },
      );
    }
    const url = dashboardUrl(km.state.started.host, km.state.port, km.state.token);
    let opened = false;
    if (booleanFlag(args, "open")) {
      const [program, ...rest] = opener();
      try {
        const status = await new Deno.Command(program, {
          args: [...rest, url],
          stdin: "null",
          stdout: "null",
          stderr: "null",
        }).output();
        opened = status.success;
      } catch (error) {
        if (!(error instanceof Deno.errors.NotFound)) throw error;
        // No opener on this machine (a server): the printed URL is the fallback.
      }
      if (!opened && !ctx.json) {
        ctx.stderr.write(`could not start ${program}; open the URL below yourself\n`);
      }
    }
    if (ctx.json) {
      ctx.stdout.write(JSON.stringify({ url, port: km.state.port, opened }) + "\n");
    } else {
      ctx.stdout.write(`${url}\n`);
    }
  },
});
