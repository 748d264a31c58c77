/**
 * Writes one benchmark's section of `bench/RESULTS.md`, between its own markers, leaving
 * every other section as it is (several benchmarks share the file).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const RESULTS = fileURLToPath(new URL('../RESULTS.md', import.meta.url));

/**
 * Replaces (or appends) the section marked `<!-- <name>:start -->` … `<!-- <name>:end -->`.
 *
 * @example await writeResultsSection('bench:live', '## Live\n…');
 */
export async function writeResultsSection(name: string, markdown: string): Promise<void> {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  let text = '';
  try {
    text = await readFile(RESULTS, 'utf8');
  } catch {
    text = '# Benchmark results\n';
  }
  const block = `${start}\n${markdown.trim()}\n${end}`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  const next = from >= 0 && to > from ? `${text.slice(0, from)}${block}${text.slice(to + end.length)}` : `${text.trimEnd()}\n\n${block}\n`;
  await writeFile(RESULTS, next);
}
