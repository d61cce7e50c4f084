/**
 * The `project` plugin's manifest: setting a project up (`init`, with its
 * wizard), refreshing its templates (`upgrade`), removing what init created
 * (`uninstall`) and a throw-away `demo`. Data only.
 * @module
 */

import { definePlugin } from "../../core/plugin_host/manifest.ts";

export default definePlugin({
  name: "project",
  version: "1.0.0",
  kind: "integration",
  summary: "init, upgrade, uninstall and demo: the project's .claude/ set-up",
  commands: [
    {
      name: "init",
      summary: "set up .claude/ in this project",
      module: new URL("./commands/init.ts", import.meta.url),
    },
    {
      name: "upgrade",
      summary: "refresh templates, keep your edits",
      module: new URL("./commands/upgrade.ts", import.meta.url),
    },
    {
      name: "uninstall",
      summary: "remove what init created",
      module: new URL("./commands/uninstall.ts", import.meta.url),
    },
    {
      name: "demo",
      summary: "init a throw-away project and show it",
      module: new URL("./commands/demo.ts", import.meta.url),
    },
  ],
});
