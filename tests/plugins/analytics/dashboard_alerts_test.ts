/**
 * The dashboard's Alerts panel shows the analytics plugin's open alerts:
 * the KM as `km serve` runs it (the built-in mounts in front of the API),
 * its snapshot JSON lists them beside the dashboard's own, and a cleared
 * alert leaves it.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { defaultConfig } from "../../../core/config/schema.ts";
import { createContext } from "../../../core/context.ts";
import { closeEventLogs } from "../../../core/events/emit.ts";
import { createLogger } from "../../../core/log.ts";
import { projectPaths } from "../../../core/paths.ts";
import { PluginHost } from "../../../core/plugin_host/host.ts";
import { historyPath, openOutcomeStore } from "../../../plugins/analytics/history/outcome_store.ts";
import { builtinPlugins } from "../../../plugins/builtin.ts";
import { contributedKmMounts, withKmMounts } from "../../../plugins/km/mounts.ts";
import { registryDbPath } from "../../../plugins/km/registry_path.ts";
import { newToken } from "../../../plugins/km/state.ts";
import { KnowledgeStore } from "../../../plugins/km/store/knowledge_store.ts";

Deno.test("dashboard snapshot: the analytics plugin's open alerts are on the Alerts panel, and leave it when cleared", async () => {
  const root = await Deno.makeTempDir({ prefix: "sa_dashboard_analytics_" });
  const paths = projectPaths(root);
  for (const dir of [paths.state, paths.events, paths.registry, paths.logs]) {
    await Deno.mkdir(dir, { recursive: true });
  }
  const store = await KnowledgeStore.open(registryDbPath(paths));
  const log = createLogger({ component: "km", file: join(paths.logs, "km.log") });
  const token = newToken();
  const history = openOutcomeStore(historyPath(paths));
  history.db.prepare(
    `INSERT INTO alerts (key, type, agent, level, message, evidence, open, raised_at)
     VALUES ('slo_burn:reviewer-agent:success', 'slo_burn', 'reviewer-agent', 'critical',
             'success SLO burning <b>fast</b>', '{}', 1, 1)`,
  ).run();
  const mounts = await withKmMounts(
    {
      ctx: createContext({ cwd: root, home: root, dataHome: join(root, "data") }),
      paths,
      config: defaultConfig(),
      host: "127.0.0.1",
      token,
      store,
      log,
    },
    () => Promise.resolve(new Response("api", { status: 404 })),
    contributedKmMounts(new PluginHost([...builtinPlugins])),
  );
  const snapshot = async () => {
    const response = await mounts.handle(
      new Request("http://127.0.0.1:5055/dashboard/api/snapshot", {
        headers: { authorization: `Bearer ${token}` },
      }),
    );
    assert.equal(response.status, 200);
    return (await response.json()) as {
      alerts: { code: string; level: string; message: string }[];
    };
  };
  try {
    const analytics = (await snapshot()).alerts.filter((a) => a.code.startsWith("ANALYTICS_"));
    assert.deepEqual(analytics.map(({ code, level, message }) => ({ code, level, message })), [{
      code: "ANALYTICS_SLO_BURN",
      level: "critical",
      message: "reviewer-agent: success SLO burning <b>fast</b>",
    }]);
    history.db.prepare("UPDATE alerts SET open = 0, cleared_at = 2").run();
    assert.deepEqual(
      (await snapshot()).alerts.filter((a) => a.code.startsWith("ANALYTICS_")),
      [],
    );
  } finally {
    history.close();
    await mounts.close();
    store.close();
    log.close();
    await closeEventLogs();
    await Deno.remove(root, { recursive: true });
  }
});
