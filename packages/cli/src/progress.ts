import type { CliIo } from './io.js';

/**
 * A progress reporter on standard error: redraws one line in place on a terminal, prints a plain line every 10%
 * otherwise (so logs stay readable in CI).
 */
export function progress(io: CliIo, label: string): (done: number, total: number) => void {
  let lastDecile = -1;
  let lastDraw = 0;
  return (done, total) => {
    const fraction = total > 0 ? Math.min(1, done / total) : 1;
    if (io.isTTY) {
      const now = performance.now();
      if (now - lastDraw < 100 && done < total) return;
      lastDraw = now;
      const width = 30;
      const bar = '#'.repeat(Math.round(fraction * width)).padEnd(width, '.');
      io.err(`\r${label} [${bar}] ${(fraction * 100).toFixed(0).padStart(3)}%${done >= total ? '\n' : ''}`);
      return;
    }
    const decile = Math.floor(fraction * 10);
    if (decile > lastDecile) {
      lastDecile = decile;
      io.err(`recsys: ${label} ${decile * 10}%\n`);
    }
  };
}
