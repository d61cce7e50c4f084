/**
 * Service-manager definitions that keep a project's KM running: a systemd
 * user unit on Linux and a launchd agent on macOS, both running
 * `super-agents km serve --project <root>` in the foreground (the service
 * manager supervises it; the KM allocates its own port under the global lock).
 * @module
 */

import { createHash } from "node:crypto";
import { basename, join } from "node:path";

/** Platforms with a service manager we support. */
export type ServicePlatform = "linux" | "macos";

/** A rendered unit and where it belongs. */
export interface ServiceUnit {
  platform: ServicePlatform;
  /** Unit name (systemd) or label (launchd). */
  name: string;
  /** Absolute path of the unit file. */
  path: string;
  content: string;
  /** Commands that activate it (printed, never run by super-agents). */
  enable: string[];
  /** Commands that deactivate it before removal. */
  disable: string[];
}

/** Inputs for {@linkcode renderServiceUnit}. */
export interface ServiceUnitOptions {
  platform: ServicePlatform;
  root: string;
  home: string;
  /** The `km serve` command line (see `kmServeArgv`). */
  argv: string[];
  /** Environment to set for the KM (e.g. PATH, DENO_DIR). */
  env?: Record<string, string>;
}

/** A stable, readable unit name for a project: `super-agents-km-<dir>-<hash8>`. */
export function serviceName(root: string): string {
  const slug = basename(root).toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") ||
    "project";
  const hash = createHash("sha256").update(root).digest("hex").slice(0, 8);
  return `super-agents-km-${slug.slice(0, 40)}-${hash}`;
}

/**
 * Renders the unit for a platform.
 *
 * @example
 * ```ts
 * const unit = renderServiceUnit({ platform: "linux", root, home, argv: kmServeArgv(root) });
 * await Deno.writeTextFile(unit.path, unit.content);
 * ```
 */
export function renderServiceUnit(options: ServiceUnitOptions): ServiceUnit {
  const name = serviceName(options.root);
  return options.platform === "linux" ? systemdUnit(name, options) : launchdPlist(name, options);
}

function systemdUnit(name: string, options: ServiceUnitOptions): ServiceUnit {
  const quote = (arg: string) =>
    /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `"${arg.replace(/(["\\$])/g, "\\$1")}"`;
  const env = Object.entries(options.env ?? {}).map(([k, v]) =>
    `Environment=${quote(`${k}=${v}`)}`
  );
  const content = [
    "[Unit]",
    `Description=super-agents Knowledge Manager for ${options.root}`,
    "After=network.target",
    "",
    "[Service]",
    "Type=simple",
    `WorkingDirectory=${quote(options.root)}`,
    `ExecStart=${options.argv.map(quote).join(" ")}`,
    ...env,
    "KillSignal=SIGTERM",
    "TimeoutStopSec=10",
    "Restart=on-failure",
    "RestartSec=2",
    `StandardOutput=append:${join(options.root, ".claude", "logs", "km_server.log")}`,
    `StandardError=append:${join(options.root, ".claude", "logs", "km_server.log")}`,
    "",
    "[Install]",
    "WantedBy=default.target",
    "",
  ].join("\n");
  return {
    platform: "linux",
    name,
    path: join(options.home, ".config", "systemd", "user", `${name}.service`),
    content,
    enable: ["systemctl --user daemon-reload", `systemctl --user enable --now ${name}.service`],
    disable: [`systemctl --user disable --now ${name}.service`],
  };
}

function launchdPlist(name: string, options: ServiceUnitOptions): ServiceUnit {
  const label = `dev.super-agents.${name}`;
  const xml = (text: string) =>
    text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  const log = join(options.root, ".claude", "logs", "km_server.log");
  const env = Object.entries(options.env ?? {});
  const path = join(options.home, "Library", "LaunchAgents", `${label}.plist`);
  const content = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    '<plist version="1.0">',
    "<dict>",
    `  <key>Label</key><string>${xml(label)}</string>`,
    "  <key>ProgramArguments</key>",
    "  <array>",
    ...options.argv.map((arg) => `    <string>${xml(arg)}</string>`),
    "  </array>",
    `  <key>WorkingDirectory</key><string>${xml(options.root)}</string>`,
    ...(env.length
      ? [
        "  <key>EnvironmentVariables</key>",
        "  <dict>",
        ...env.map(([k, v]) => `    <key>${xml(k)}</key><string>${xml(v)}</string>`),
        "  </dict>",
      ]
      : []),
    "  <key>RunAtLoad</key><true/>",
    "  <key>KeepAlive</key><dict><key>SuccessfulExit</key><false/></dict>",
    `  <key>StandardOutPath</key><string>${xml(log)}</string>`,
    `  <key>StandardErrorPath</key><string>${xml(log)}</string>`,
    "</dict>",
    "</plist>",
    "",
  ].join("\n");
  return {
    platform: "macos",
    name: label,
    path,
    content,
    enable: [`launchctl bootstrap gui/$(id -u) ${path}`],
    disable: [`launchctl bootout gui/$(id -u) ${path}`],
  };
}
