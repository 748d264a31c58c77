/**
 * Seeded random streams for the simulator, on pure-rand's xoroshiro128+.
 *
 * Every source of randomness draws from its own named stream (`arrivals:TJ01-W`,
 * `routing:TJ02-E`, `controller:TJ05`, ...), seeded from the run seed and the
 * stream's name. A change in one place (one more vehicle at one approach) then
 * only shifts the draws of that stream instead of every draw after it.
 */
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

/** Draws from one stream. */
export interface RandomStream {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [min, max). */
  between(min: number, max: number): number;
  /** Exponentially distributed with mean 1 (the unit "work" of a Poisson process). */
  exponential(): number;
}

/** Outputs discarded after seeding: xoroshiro128+ seeded from nearby states needs a few rounds to decorrelate. */
const WARM_UP_DRAWS = 16;

/**
 * 32-bit FNV-1a of a string, mixed with the seed through a murmur3 finaliser, so
 * that nearby seeds and similar names still give unrelated generator states.
 *
 * @example streamSeed(20261127, 'arrivals:TJ01-W') // a 32-bit integer
 */
export function streamSeed(seed: number, name: string): number {
  let hash = 0x811c9dc5 ^ (seed | 0);
  for (let i = 0; i < name.length; i++) {
    hash ^= name.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= Math.floor(seed / 0x100000000) | 0;
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash | 0;
}

function wrap(generator: RandomGenerator): RandomStream {
  const next = () => uniformFloat64(generator);
  return {
    next,
    between: (min, max) => min + (max - min) * next(),
    // 1 − u lies in (0, 1], so the logarithm is finite.
    exponential: () => -Math.log(1 - next()),
  };
}

/**
 * The stream called `name` of the run seeded with `seed`. The same (seed, name)
 * always yields the same sequence.
 *
 * @example
 * const arrivals = randomStream(7, 'arrivals:A-W');
 * arrivals.exponential(); // deterministic for seed 7
 */
export function randomStream(seed: number, name: string): RandomStream {
  const generator = xoroshiro128plus(streamSeed(seed, name));
  for (let i = 0; i < WARM_UP_DRAWS; i++) generator.next();
  return wrap(generator);
}
