import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../../ingest/formats/line-splitter.js';

function split(chunks: (string | Buffer)[], maxLineChars: number, keepChars?: number): [string, number, boolean][] {
  const out: [string, number, boolean][] = [];
  const splitter = new LineSplitter({ maxLineChars, ...(keepChars !== undefined ? { keepChars } : {}) });
  for (const chunk of chunks) splitter.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk, (t, l, long) => out.push([t, l, long]));
  splitter.end((t, l, long) => out.push([t, l, long]));
  return out;
}

describe('LineSplitter', () => {
  it('splits across chunks, strips CR and the byte-order mark, keeps blank lines numbered', () => {
    expect(split(['\uFEFFab\r\n', 'c', 'd\n\nef'], 10)).toEqual([
      ['ab', 1, false],
      ['cd', 2, false],
      ['', 3, false],
      ['ef', 4, false],
    ]);
  });

  it('decodes a UTF-8 character split between chunks', () => {
    const bytes = Buffer.from('路口\n');
    expect(split([bytes.subarray(0, 2), bytes.subarray(2)], 10)).toEqual([['路口', 1, false]]);
  });

  it('reports an over-long line once, keeps its start, and resumes at the next line', () => {
    const long = 'x'.repeat(50);
    expect(split([`${long.slice(0, 20)}`, `${long.slice(20)}\nok\n`], 10, 4)).toEqual([
      ['xxxx', 1, true],
      ['ok', 2, false],
    ]);
    expect(split([`${long}\n${long}`], 10, 4)).toEqual([
      ['xxxx', 1, true],
      ['xxxx', 2, true],
    ]);
  });

  it('accepts a line of exactly the limit and refuses one character more', () => {
    expect(split(['abcde\nabcdef\n'], 5, 2)).toEqual([
      ['abcde', 1, false],
      ['ab', 2, true],
    ]);
    expect(split(['abcde\r\n'], 5)).toEqual([['abcde', 1, false]]);
  });

  it('never holds more than one line: an endless line without newlines keeps only its start', () => {
    const splitter = new LineSplitter({ maxLineChars: 100, keepChars: 10 });
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    for (let i = 0; i < 200; i++) splitter.push(chunk, () => undefined);
    // 12.5 MiB pushed: the carry stays empty because the splitter is skipping.
    expect((splitter as unknown as { carry: string }).carry.length).toBe(0);
    const out: string[] = [];
    splitter.end((t) => out.push(t));
    expect(out).toEqual(['a'.repeat(10)]);
  });
});
