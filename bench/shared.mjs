// Helpers shared by the benchmarks.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** ../shared/data beside the repository, or undefined (with a printed reason) when absent. */
export function sharedData(...parts) {
  const path = resolve(dirname(fileURLToPath(import.meta.url)), '../../shared/data', ...parts);
  if (!existsSync(path)) {
    console.log(`skipped: ${path} not found (real datasets live in ../shared/data beside the repository)`);
    return undefined;
  }
  return path;
}

/** Runs `fn` and returns [result, seconds]. */
export async function timed(fn) {
  const start = performance.now();
  const result = await fn();
  return [result, (performance.now() - start) / 1000];
}

/** Peak resident set size so far, in MiB (Linux: from /proc/self/status VmHWM). */
export async function peakRssMiB() {
  const { readFile } = await import('node:fs/promises');
  try {
    const status = await readFile('/proc/self/status', 'utf8');
    const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1]);
    return kb / 1024;
  } catch {
    return process.memoryUsage().rss / 2 ** 20;
  }
}

/** Prints rows as an aligned table. */
export function table(header, rows) {
  const cells = [header, ...rows].map((row) => row.map(String));
  const widths = header.map((_, c) => Math.max(...cells.map((row) => row[c].length)));
  const line = (row) => row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  console.log(line(cells[0]));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of cells.slice(1)) console.log(line(row));
}
