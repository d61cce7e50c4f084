/**
 * Mounts the live dashboard on every KM (`/`, `/dashboard/*`,
 * `/events/stream`) through the KM's mount registry. Importing this module
 * only registers a lazy factory; the handler loads when a KM starts.
 * @module
 */

import { registerKmMount } from "../mounts.ts";

/** Registers the dashboard mount (idempotent). */
export function registerDashboardMount(): void {
  registerKmMount({
    name: "dashboard",
    matches: (pathname) =>
      pathname === "/" || pathname.startsWith("/dashboard/") || pathname === "/events/stream",
    async create({ ctx, paths, token }) {
      const { createDashboard } = await import("./handler.ts");
      const { VERSION } = await import("../../version.ts");
      return createDashboard({ ctx, paths, token, version: VERSION });
    },
  });
}

registerDashboardMount();
