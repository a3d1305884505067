import { duration } from '@recsys/train';
import type { CliIo } from './io.js';

/**
 * A progress reporter on standard error: on a terminal, one line redrawn in place with the count done, the elapsed
 * time and an ETA; otherwise a plain line every 10% (so logs stay readable in CI).
 */
export function progress(io: CliIo, label: string): (done: number, total: number) => void {
  let lastDecile = -1;
  let lastDraw = 0;
  const start = performance.now();
  return (done, total) => {
    const fraction = total > 0 ? Math.min(1, done / total) : 1;
    const now = performance.now();
    const seconds = (now - start) / 1000;
    if (io.isTTY) {
      if (now - lastDraw < 100 && done < total) return;
      lastDraw = now;
      const width = 30;
      const bar = '#'.repeat(Math.round(fraction * width)).padEnd(width, '.');
      const eta = done >= total ? '' : ` · ETA ${duration((seconds * (total - done)) / done)}`;
      io.err(
        `\r\x1b[K${label} [${bar}] ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} · ` +
          `${duration(seconds)} elapsed${eta}${done >= total ? '\n' : ''}`,
      );
      return;
    }
    const decile = Math.floor(fraction * 10);
    if (decile > lastDecile) {
      lastDecile = decile;
      io.err(`recsys: ${label} ${decile * 10}% (${duration(seconds)} elapsed)\n`);
    }
  };
}
