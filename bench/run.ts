/**
 * `npm run bench`: runs every benchmark in this folder (files named `*.bench.ts`
 * exporting `run()`), one after another, so they do not compete for the CPU.
 */
import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const only = process.argv.slice(2);
const dir = fileURLToPath(new URL('./', import.meta.url));
const files = (await readdir(dir)).filter((f) => f.endsWith('.bench.ts')).sort();
const chosen = files.filter((f) => only.length === 0 || only.some((name) => f.startsWith(name)));
if (chosen.length === 0) {
  process.stdout.write(`no benchmarks${only.length ? ` matching ${only.join(', ')}` : ''}; available: ${files.join(', ') || 'none'}\n`);
}
for (const file of chosen) {
  process.stdout.write(`\n=== ${file}\n`);
  const module = (await import(new URL(file, import.meta.url).href)) as { run: () => Promise<void> };
  await module.run();
}
