/**
 * The availability monitor: counts consecutive failures per model; after
 * `coolDownFailures` the model is put in cool-down (skipped by the fallback
 * runner), and when the cool-down ends the next request probes it — a
 * success makes it available again, a failure doubles the cool-down up to
 * `coolDownMaxMs`. State is persisted per project in
 * `.claude/state/model_health.json` (locked read-modify-write, atomic
 * rename) so concurrent workers share what they learn. Successes of a
 * healthy model write nothing, keeping the hot path free of disk I/O.
 * @module
 */

import { writeJsonAtomic } from "../atomic_file.ts";
import { z } from "../deps.ts";
import { SuperAgentsError } from "../errors.ts";
import { withFileLock } from "../file_lock.ts";
import { readJsonFile } from "../fs/read_json_file.ts";
import type { ModelsConfig } from "./models_config.ts";

const HealthSchema = z.object({
  failures: z.number().int().min(0),
  coolDownUntil: z.number().min(0),
  coolDownMs: z.number().min(0),
  lastError: z.string().optional(),
  lastFailureAt: z.number().optional(),
  lastSuccessAt: z.number().optional(),
});
const FileSchema = z.object({ models: z.record(z.string(), HealthSchema) });

/** What the monitor knows about one model. */
export type ModelHealth = z.infer<typeof HealthSchema>;

/** A model's state: usable, skipped, or due for a probe. */
export type Availability = "available" | "cooling-down" | "probing";

type Settings = Pick<ModelsConfig, "coolDownFailures" | "coolDownMs" | "coolDownMaxMs">;

/** Tracks model failures and cool-downs; see the module doc. */
export class AvailabilityMonitor {
  #models: Record<string, ModelHealth>;
  readonly #file: string | undefined;
  readonly #settings: Settings;
  readonly #now: () => number;
  readonly #onChange?: (model: string, health: ModelHealth) => void;

  private constructor(
    file: string | undefined,
    models: Record<string, ModelHealth>,
    settings: Settings,
    now: () => number,
    onChange?: (model: string, health: ModelHealth) => void,
  ) {
    this.#file = file;
    this.#models = models;
    this.#settings = settings;
    this.#now = now;
    this.#onChange = onChange;
  }

  /**
   * An in-memory monitor seeded with `snapshot` (inside a sandboxed worker,
   * which cannot write the project's state); `onChange` reports each change
   * so the parent can persist it with {@linkcode AvailabilityMonitor.apply}.
   */
  static fromSnapshot(
    snapshot: Record<string, ModelHealth>,
    settings: Settings,
    now: () => number,
    onChange?: (model: string, health: ModelHealth) => void,
  ): AvailabilityMonitor {
    return new AvailabilityMonitor(undefined, structuredClone(snapshot), settings, now, onChange);
  }

  /** Every model's recorded health. */
  snapshot(): Record<string, ModelHealth> {
    return structuredClone(this.#models);
  }

  /** Stores a health record learnt elsewhere (a worker's report). */
  apply(model: string, health: ModelHealth): Promise<void> {
    return this.#update(model, () => health);
  }

  /**
   * Loads the monitor from `file` (in-memory only when `file` is undefined).
   *
   * @example
   * ```ts
   * const monitor = await AvailabilityMonitor.load(join(paths.state, "model_health.json"), config.models, Date.now);
   * monitor.availability("claude-opus-5-5"); // "available"
   * ```
   */
  static async load(
    file: string | undefined,
    settings: Settings,
    now: () => number,
  ): Promise<AvailabilityMonitor> {
    const models = file ? await readHealth(file) : {};
    return new AvailabilityMonitor(file, models, settings, now);
  }

  /** Whether `model` is usable now, skipped, or due for a probe. */
  availability(model: string): Availability {
    const health = this.#models[model];
    if (!health || health.failures < this.#settings.coolDownFailures) return "available";
    return this.#now() < health.coolDownUntil ? "cooling-down" : "probing";
  }

  /** The recorded health of `model`, if any. */
  health(model: string): ModelHealth | undefined {
    return this.#models[model];
  }

  /** Records a failed call; may start (or extend) a cool-down. */
  recordFailure(model: string, reason: string): Promise<void> {
    return this.#update(model, (health) => {
      const now = this.#now();
      const failures = health.failures + 1;
      const threshold = this.#settings.coolDownFailures;
      let { coolDownMs, coolDownUntil } = health;
      if (failures >= threshold) {
        // The first cool-down uses the base; each failed probe doubles it.
        coolDownMs = failures === threshold
          ? this.#settings.coolDownMs
          : Math.min(this.#settings.coolDownMaxMs, Math.max(coolDownMs, 1) * 2);
        coolDownUntil = now + coolDownMs;
      }
      return {
        ...health,
        failures,
        coolDownMs,
        coolDownUntil,
        lastError: reason,
        lastFailureAt: now,
      };
    });
  }

  /** Records a successful call; resets a model that had failures. */
  recordSuccess(model: string): Promise<void> {
    const health = this.#models[model];
    if (!health || health.failures === 0) return Promise.resolve();
    return this.#update(model, (current) => ({
      ...current,
      failures: 0,
      coolDownUntil: 0,
      coolDownMs: 0,
      lastSuccessAt: this.#now(),
    }));
  }

  async #update(model: string, change: (health: ModelHealth) => ModelHealth): Promise<void> {
    const apply = (models: Record<string, ModelHealth>) => {
      models[model] = change(models[model] ?? { failures: 0, coolDownUntil: 0, coolDownMs: 0 });
      return models;
    };
    if (!this.#file) {
      apply(this.#models);
    } else {
      const file = this.#file;
      await withFileLock(`${file}.lock`, async () => {
        // Re-read under the lock: another worker may have recorded something meanwhile.
        this.#models = apply(await readHealth(file));
        await writeJsonAtomic(file, { models: this.#models });
      });
    }
    this.#onChange?.(model, this.#models[model]);
  }
}

async function readHealth(file: string): Promise<Record<string, ModelHealth>> {
  const raw = await readJsonFile(
    file,
    (error) =>
      new SuperAgentsError("MODEL_HEALTH_INVALID", `${file} is not valid JSON`, {
        hint: `delete ${file}; it only caches model availability and is rebuilt`,
        cause: error,
      }),
  );
  if (raw === undefined) return {};
  const parsed = FileSchema.safeParse(raw);
  if (!parsed.success) {
    throw new SuperAgentsError("MODEL_HEALTH_INVALID", `${file} has an unexpected shape`, {
      hint: `delete ${file}; it only caches model availability and is rebuilt`,
    });
  }
  return parsed.data.models;
}
