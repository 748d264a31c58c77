/**
 * Keeps the engine on the timing plans in force. An exported suggestion or a manual plan
 * becomes a new stored plan version, possibly written by another process; the engine
 * polls the current versions and hands each changed plan to its shards, so the state's
 * `planId`, the fallback cycle length and the stuck-on limit follow the street.
 */
import type { TimingPlan } from '../../geo/network/network.schema.js';

/** The plan in force for one intersection with its stored version number. */
export interface PlanInForce {
  version: number;
  plan: TimingPlan;
}

export interface PlanFollowerOptions {
  /** Reads the plans in force, keyed by intersection. */
  load: () => Promise<ReadonlyMap<string, PlanInForce>>;
  /** Applies a changed plan (the engine's `setPlan`). */
  apply: (intersectionId: string, plan: TimingPlan) => void;
  /** The versions the engine started with; only later changes are applied. */
  initial: ReadonlyMap<string, number>;
  everyMs: number;
  onError: (error: unknown) => void;
}

export interface PlanFollower {
  /** Reads once now; resolves with the intersections whose plan changed. */
  refresh(): Promise<string[]>;
  stop(): void;
}

/** Default poll period: a plan exported by an engineer reaches the engine within a minute. */
export const PLAN_FOLLOW_EVERY_MS = 30_000;

/**
 * @example const follower = followPlansInForce({ load, apply: (id, plan) => engine.setPlan(id, plan), initial, everyMs: 30_000, onError });
 */
export function followPlansInForce(options: PlanFollowerOptions): PlanFollower {
  const known = new Map(options.initial);
  let running: Promise<string[]> | undefined;

  const refresh = (): Promise<string[]> => {
    // One read at a time: a slow database must not stack up overlapping polls.
    running ??= (async () => {
      try {
        const changed: string[] = [];
        for (const [intersectionId, { version, plan }] of await options.load()) {
          if (known.get(intersectionId) === version) continue;
          known.set(intersectionId, version);
          options.apply(intersectionId, plan);
          changed.push(intersectionId);
        }
        return changed;
      } finally {
        running = undefined;
      }
    })();
    return running;
  };

  const timer = setInterval(() => void refresh().catch(options.onError), options.everyMs);
  timer.unref?.();
  return { refresh, stop: () => clearInterval(timer) };
}
