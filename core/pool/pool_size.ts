/**
 * How many Web Workers the pool runs: the CPU count clamped to the configured
 * range (2-8 by default), lowered when free memory cannot hold that many
 * workers or when the load average says the machine is already busy.
 * @module
 */

/** Machine facts the size depends on (passed in so tests control them). */
export interface MachineProbe {
  cpus: number;
  /** Available memory in bytes. */
  availableMemory: number;
  /** One-minute load average. */
  load1: number;
}

/** The pool settings the size depends on. */
export interface SizeSettings {
  minWorkers: number;
  maxWorkers: number;
  memoryPerWorkerMb: number;
}

/** The chosen size and why it is lower than the CPU count allows. */
export interface PoolSize {
  size: number;
  reasons: string[];
}

/** Reads the machine (needs `--allow-sys`; falls back to the CPU count alone). */
export function probeMachine(): MachineProbe {
  const cpus = navigator.hardwareConcurrency || 2;
  try {
    return {
      cpus,
      availableMemory: Deno.systemMemoryInfo().available,
      load1: Deno.loadavg()[0],
    };
  } catch (error) {
    // Without sys permission the pool still works; it just cannot see memory and load.
    if (error instanceof Deno.errors.NotCapable || error instanceof Deno.errors.PermissionDenied) {
      return { cpus, availableMemory: Number.POSITIVE_INFINITY, load1: 0 };
    }
    throw error;
  }
}

/**
 * The pool size for these settings on this machine.
 *
 * @example
 * ```ts
 * poolSize({ minWorkers: 2, maxWorkers: 8, memoryPerWorkerMb: 256 },
 *   { cpus: 4, availableMemory: 8e9, load1: 0.5 }); // { size: 4, reasons: [] }
 * ```
 */
export function poolSize(settings: SizeSettings, probe: MachineProbe = probeMachine()): PoolSize {
  const reasons: string[] = [];
  let size = Math.min(settings.maxWorkers, Math.max(settings.minWorkers, probe.cpus));
  const byMemory = Math.floor(probe.availableMemory / (settings.memoryPerWorkerMb * 1024 * 1024));
  if (byMemory < size) {
    size = Math.max(1, byMemory);
    reasons.push(
      `free memory ${Math.round(probe.availableMemory / 1048576)} MiB holds ${size} workers ` +
        `of ${settings.memoryPerWorkerMb} MiB`,
    );
  }
  if (probe.load1 > probe.cpus) {
    const byLoad = Math.max(1, Math.floor(size * probe.cpus / probe.load1));
    if (byLoad < size) {
      size = byLoad;
      reasons.push(`load average ${probe.load1.toFixed(2)} exceeds ${probe.cpus} CPUs`);
    }
  }
  return { size, reasons };
}
