/**
 * Optimal partition of a sequence into contiguous segments (W. D. Fisher, "On grouping for
 * maximum homogeneity", JASA 1958): dynamic programming over segment ends minimising the
 * total within-segment sum of squared deviations from each segment's mean vector. Exact,
 * deterministic (the earliest boundary wins a tie) and O(k · n² · d) — trivial for the 96
 * quarter-hours of a day.
 */

export interface Segmentation {
  /** Index of the first element of each segment, ascending, starting with 0. */
  starts: number[];
  /** Total within-segment sum of squared deviations. */
  cost: number;
}

/**
 * The best segmentation into exactly k segments, for every k from 1 to `maxSegments`
 * (entries are missing beyond what `minLength` allows).
 *
 * @throws {RangeError} for an empty sequence, ragged vectors or a minimum length < 1.
 * @example
 * bestSegmentations([[0], [0], [1], [1]], 2, 1) // [{ starts: [0], cost: 1 }, { starts: [0, 2], cost: 0 }]
 */
export function bestSegmentations(features: readonly (readonly number[])[], maxSegments: number, minLength: number): Segmentation[] {
  const n = features.length;
  if (n === 0) throw new RangeError('nothing to segment');
  if (!(Number.isInteger(minLength) && minLength >= 1)) throw new RangeError(`minimum length must be a whole number ≥ 1, got ${minLength}`);
  const d = (features[0] as readonly number[]).length;
  if (features.some((f) => f.length !== d)) throw new RangeError('feature vectors differ in length');

  // Prefix sums of x and x² per dimension: the cost of [i, j) in O(d).
  const sums = Array.from({ length: n + 1 }, () => new Float64Array(d));
  const squares = new Float64Array(n + 1);
  features.forEach((f, i) => {
    const next = sums[i + 1] as Float64Array;
    const prev = sums[i] as Float64Array;
    let sq = 0;
    for (let k = 0; k < d; k++) {
      const x = f[k] as number;
      next[k] = (prev[k] as number) + x;
      sq += x * x;
    }
    squares[i + 1] = (squares[i] as number) + sq;
  });
  const cost = (i: number, j: number) => {
    const count = j - i;
    const a = sums[j] as Float64Array;
    const b = sums[i] as Float64Array;
    let meanTerm = 0;
    for (let k = 0; k < d; k++) {
      const s = (a[k] as number) - (b[k] as number);
      meanTerm += (s * s) / count;
    }
    return Math.max(0, (squares[j] as number) - (squares[i] as number) - meanTerm);
  };

  const kMax = Math.min(maxSegments, Math.floor(n / minLength));
  // best[k][j]: least cost of splitting the first j elements into k segments; from[k][j]: start of the last one.
  const best: number[][] = [Array.from({ length: n + 1 }, (_, j) => (j === 0 ? 0 : Infinity))];
  const from: number[][] = [new Array<number>(n + 1).fill(-1)];
  const results: Segmentation[] = [];
  for (let k = 1; k <= kMax; k++) {
    const row = new Array<number>(n + 1).fill(Infinity);
    const back = new Array<number>(n + 1).fill(-1);
    const previous = best[k - 1] as number[];
    for (let j = k * minLength; j <= n; j++) {
      for (let i = (k - 1) * minLength; i <= j - minLength; i++) {
        const base = previous[i] as number;
        if (base === Infinity) continue;
        const total = base + cost(i, j);
        if (total < (row[j] as number) - 1e-12) {
          row[j] = total;
          back[j] = i;
        }
      }
    }
    best.push(row);
    from.push(back);
    const starts: number[] = [];
    for (let kk = k, j = n; kk >= 1; kk--) {
      const i = (from[kk] as number[])[j] as number;
      starts.unshift(i);
      j = i;
    }
    results.push({ starts, cost: row[n] as number });
  }
  return results;
}
