/**
 * Two small allocation tools the split allocator is built from: proportional sharing with
 * floors ("water filling") and whole-number rounding that keeps an exact sum.
 */

export interface ShareItem {
  /** Share of the distributable time (e.g. a flow ratio). */
  weight: number;
  /** Time the item gets before sharing (e.g. its lost time), s. */
  base: number;
  /** Floor, s. */
  min: number;
}

export interface Share {
  valueS: number;
  /** True when the floor bound the item. */
  atMinimum: boolean;
}

/**
 * Splits `totalS` as base + weight-proportional shares of what is left; an item whose share
 * falls below its floor is fixed at the floor and the rest is shared again among the others,
 * until every item is at or above its floor. Items with zero total weight share equally.
 *
 * @throws {RangeError} when the floors do not fit in `totalS`.
 * @example
 * shareWithFloors(100, [{ weight: 0.1, base: 5, min: 30 }, { weight: 0.3, base: 5, min: 10 }])
 * // → [{ valueS: 30, atMinimum: true }, { valueS: 70, atMinimum: false }]
 */
export function shareWithFloors(totalS: number, items: readonly ShareItem[]): Share[] {
  const floors = items.reduce((sum, item) => sum + item.min, 0);
  if (floors > totalS + 1e-9) throw new RangeError(`floors ${floors} s exceed the total ${totalS} s`);
  const fixed = items.map(() => false);
  for (;;) {
    const free = items.map((_, i) => i).filter((i) => !fixed[i]);
    const fixedTime = items.reduce((sum, item, i) => sum + (fixed[i] ? item.min : 0), 0);
    const freeBase = free.reduce((sum, i) => sum + (items[i] as ShareItem).base, 0);
    const freeWeight = free.reduce((sum, i) => sum + (items[i] as ShareItem).weight, 0);
    const remaining = totalS - fixedTime - freeBase;
    const values = items.map((item, i) => {
      if (fixed[i]) return item.min;
      const portion = freeWeight > 0 ? item.weight / freeWeight : 1 / free.length;
      return item.base + portion * remaining;
    });
    const violators = free.filter((i) => (values[i] as number) < (items[i] as ShareItem).min - 1e-9);
    if (violators.length === 0) return values.map((valueS, i) => ({ valueS, atMinimum: fixed[i] as boolean }));
    for (const i of violators) fixed[i] = true;
  }
}

/**
 * Rounds values to whole numbers summing exactly to `total` (largest-remainder method),
 * never going below an item's integer floor. Ties go to the larger weight, then the earlier item.
 *
 * @throws {RangeError} when the floors exceed the total.
 * @example roundToTotal([26.6, 23.4], 50, [0, 0]) // [27, 23]
 */
export function roundToTotal(values: readonly number[], total: number, floors: readonly number[], weights: readonly number[] = []): number[] {
  const rounded = values.map((v, i) => Math.max(floors[i] ?? 0, Math.floor(v + 1e-9)));
  let diff = total - rounded.reduce((a, b) => a + b, 0);
  const order = values
    .map((v, i) => ({ i, fraction: v - Math.floor(v + 1e-9), weight: weights[i] ?? 0 }))
    .sort((a, b) => b.fraction - a.fraction || b.weight - a.weight || a.i - b.i);
  for (let k = 0; diff > 0; k = (k + 1) % order.length, diff--) (rounded[(order[k] as { i: number }).i] as number)++;
  // Only reachable when floors pushed values up: take back from the smallest remainders above their floor.
  for (let k = order.length - 1; diff < 0; k = k === 0 ? order.length - 1 : k - 1) {
    const i = (order[k] as { i: number }).i;
    if ((rounded[i] as number) > (floors[i] ?? 0)) {
      (rounded[i] as number)--;
      diff++;
    } else if (rounded.every((r, j) => r <= (floors[j] ?? 0))) {
      throw new RangeError(`floors exceed the total ${total}`);
    }
  }
  return rounded;
}
