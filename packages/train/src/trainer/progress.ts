/** Where training reports progress: a stream-like sink (stderr by default). */
export interface ProgressSink {
  write(text: string): unknown;
  /** A terminal: the batch bar redraws in place. Otherwise only per-epoch lines are written. */
  isTTY?: boolean;
}

/**
 * A per-batch progress bar on a terminal (redrawn at most 10 times a second) and one plain line per epoch, so CI logs
 * stay readable.
 */
export class ProgressBar {
  private lastDraw = 0;

  constructor(private readonly sink: ProgressSink) {}

  /** Redraws the bar for batch `done` of `total` in `epoch`. */
  batch(epoch: number, epochs: number, done: number, total: number, loss: number): void {
    if (!this.sink.isTTY) return;
    const now = performance.now();
    if (now - this.lastDraw < 100 && done < total) return;
    this.lastDraw = now;
    const width = 24;
    const filled = Math.round((done / total) * width);
    const bar = '='.repeat(filled).padEnd(width, '.');
    this.sink.write(`\repoch ${epoch}/${epochs} [${bar}] ${done}/${total} loss ${loss.toFixed(4)}`);
  }

  /** Writes the epoch's summary line (clearing the bar on a terminal). */
  epoch(line: string): void {
    this.sink.write(`${this.sink.isTTY ? '\r\x1b[K' : ''}${line}\n`);
  }
}
