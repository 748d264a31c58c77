/** A fault found in a network file: where (JSON path like `intersections[4].plan.cycleS`) and why. */
export interface NetworkFault {
  path: string;
  reason: string;
}

/**
 * Joins JSON path segments the way engineers read them: `a.b[3].c`.
 *
 * @example joinPath('intersections', 4, 'plan') // 'intersections[4].plan'
 */
export function joinPath(...segments: (string | number)[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (segment === '') continue;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}

/**
 * Converts a JSON pointer (`/intersections/4/plan`) to the dotted form.
 *
 * @example pointerToPath('/intersections/4/approaches/1') // 'intersections[4].approaches[1]'
 */
export function pointerToPath(pointer: string): string {
  const segments = pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  return joinPath(...segments);
}
