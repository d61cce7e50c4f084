/**
 * Start-up registrations of plugins that extend core seams (queue backends,
 * KM mounts, doctor checks). Each registration is a name and a lazy loader;
 * `main.ts` hands this module to `dispatch`, which loads it before any
 * command not marked `light` (so `status` starts without it).
 * @module
 */

import "./redis_queue/register.ts";
import "./mcp/register.ts";
