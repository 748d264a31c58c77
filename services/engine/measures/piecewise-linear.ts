/**
 * Piecewise-linear mapping through breakpoints, the shape of every index in
 * DESIGN §6 (congestion index from delay, network index from the severe share).
 */

/** `[x, y]` pairs with strictly increasing x. */
export type Breakpoints = readonly (readonly [number, number])[];

export interface PiecewiseLinearOptions {
  /**
   * Beyond the last breakpoint: `clamp` keeps the last y; `extend` continues with the
   * last segment's slope (then `max` caps it).
   */
  beyond?: 'clamp' | 'extend';
  /** Upper cap of the result. */
  max?: number;
}

/**
 * y at x by linear interpolation between breakpoints. Below the first breakpoint the first y.
 *
 * @throws {RangeError} when fewer than two breakpoints are given or x is not increasing.
 * @example piecewiseLinear(27.5, [[0, 0], [20, 2], [35, 4]]) // 3
 * @example piecewiseLinear(17, [[0, 0], [14, 8]], { beyond: 'extend', max: 10 }) // 9.71…
 */
export function piecewiseLinear(x: number, points: Breakpoints, options: PiecewiseLinearOptions = {}): number {
  const { beyond = 'clamp', max = Infinity } = options;
  checkBreakpoints(points);
  const first = points[0] as readonly [number, number];
  if (x <= first[0]) return Math.min(max, first[1]);
  for (let i = 1; i < points.length; i++) {
    const [x1, y1] = points[i] as readonly [number, number];
    if (x <= x1) {
      const [x0, y0] = points[i - 1] as readonly [number, number];
      return Math.min(max, y0 + ((y1 - y0) * (x - x0)) / (x1 - x0));
    }
  }
  const [xn, yn] = points[points.length - 1] as readonly [number, number];
  if (beyond === 'clamp') return Math.min(max, yn);
  const [xp, yp] = points[points.length - 2] as readonly [number, number];
  return Math.min(max, yn + ((yn - yp) * (x - xn)) / (xn - xp));
}

/**
 * @throws {RangeError} when the table cannot define a mapping.
 * @example checkBreakpoints([[0, 0], [20, 2]]) // passes
 */
export function checkBreakpoints(points: Breakpoints): void {
  if (points.length < 2) throw new RangeError('at least two breakpoints are needed');
  for (let i = 1; i < points.length; i++) {
    const previous = points[i - 1] as readonly [number, number];
    const current = points[i] as readonly [number, number];
    if (!(current[0] > previous[0])) throw new RangeError(`breakpoint x must increase: ${previous[0]} then ${current[0]}`);
  }
}
