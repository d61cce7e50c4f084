/**
 * The live dashboard as a KM mount (`/`, `/dashboard/*`, `/events/stream`):
 * the KM server lists it before the plugins' mounts. Its handler loads when
 * the KM creates the mount, on the first request it owns.
 * @module
 */

import type { KmMountEntry } from "../mounts.ts";

/**
 * The dashboard's mount entry (the core's own, so not a plugin contribution).
 *
 * @example
 * ```ts
 * const mounts = await withKmMounts(context, app.handle, [dashboardMount]);
 * ```
 */
export const dashboardMount: KmMountEntry = {
  name: "dashboard",
  matches: (pathname) =>
    pathname === "/" || pathname.startsWith("/dashboard/") || pathname === "/events/stream",
  async create({ ctx, paths, token }) {
    const { createDashboard } = await import("./handler.ts");
    const { VERSION } = await import("../../../core/version.ts");
    return createDashboard({ ctx, paths, token, version: VERSION });
  },
};
