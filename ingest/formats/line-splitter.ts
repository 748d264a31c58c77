/**
 * Splits a byte stream into lines without ever holding more than one line (plus one
 * chunk) in memory: a line longer than the limit is reported as too long with only
 * its beginning kept, and the rest of it is skipped up to the next newline.
 * UTF-8 sequences split across chunks are decoded correctly; invalid bytes become U+FFFD.
 */
import { StringDecoder } from 'node:string_decoder';

/** Called for every line, blank ones included; `line` is 1-based. */
export type LineHandler = (text: string, line: number, tooLong: boolean) => void;

export interface LineSplitterOptions {
  /** Longest line accepted, in characters (UTF-16 code units; ≤ its bytes). */
  maxLineChars: number;
  /** How much of an over-long line is kept for quarantine. */
  keepChars?: number;
}

/**
 * @example
 * const lines: string[] = [];
 * const splitter = new LineSplitter({ maxLineChars: 100 });
 * splitter.push(Buffer.from('{"a":1}\n{"b"'), (t) => lines.push(t));
 * splitter.push(Buffer.from(':2}\n'), (t) => lines.push(t));
 * splitter.end((t) => lines.push(t)); // lines: ['{"a":1}', '{"b":2}']
 */
export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private readonly maxLineChars: number;
  private readonly keepChars: number;
  private carry = '';
  /** Inside an over-long line: dropping input until the next newline. */
  private skipping = false;
  private skippedPrefix = '';
  private lineNo = 0;
  private started = false;

  constructor(options: LineSplitterOptions) {
    this.maxLineChars = options.maxLineChars;
    this.keepChars = Math.min(options.keepChars ?? 1024, options.maxLineChars);
  }

  /** Lines completed so far. */
  get lines(): number {
    return this.lineNo;
  }

  push(chunk: Buffer | string, onLine: LineHandler): void {
    this.consume(typeof chunk === 'string' ? chunk : this.decoder.write(chunk), onLine);
  }

  /** Flushes the last line (one without a final newline). */
  end(onLine: LineHandler): void {
    this.consume(this.decoder.end(), onLine);
    if (this.skipping) {
      this.skipping = false;
      onLine(this.skippedPrefix, ++this.lineNo, true);
    } else if (this.carry.length > 0) {
      const line = stripCr(this.carry);
      this.carry = '';
      if (line.length > this.maxLineChars) onLine(line.slice(0, this.keepChars), ++this.lineNo, true);
      else onLine(line, ++this.lineNo, false);
    }
  }

  private consume(input: string, onLine: LineHandler): void {
    let text = input;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // byte-order mark
    }
    let start = 0;
    if (this.skipping) {
      const newline = text.indexOf('\n');
      if (newline < 0) return;
      this.skipping = false;
      onLine(this.skippedPrefix, ++this.lineNo, true);
      this.skippedPrefix = '';
      start = newline + 1;
    } else if (this.carry.length > 0) {
      text = this.carry + text;
      this.carry = '';
    }
    let newline = text.indexOf('\n', start);
    while (newline >= 0) {
      const length = newline - start;
      if (length > this.maxLineChars + 1) onLine(text.slice(start, start + this.keepChars), ++this.lineNo, true);
      else {
        const line = stripCr(text.slice(start, newline));
        if (line.length > this.maxLineChars) onLine(line.slice(0, this.keepChars), ++this.lineNo, true);
        else onLine(line, ++this.lineNo, false);
      }
      start = newline + 1;
      newline = text.indexOf('\n', start);
    }
    const rest = text.length - start;
    if (rest > this.maxLineChars + 1) {
      this.skipping = true;
      this.skippedPrefix = text.slice(start, start + this.keepChars);
    } else if (rest > 0) this.carry = text.slice(start);
  }
}

function stripCr(line: string): string {
  return line.length > 0 && line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line;
}
