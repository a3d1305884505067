/** Where training reports progress: a stream-like sink (stderr by default). */
export interface ProgressSink {
  write(text: string): unknown;
  /** A terminal: the batch bar redraws in place. Otherwise only per-epoch lines are written. */
  isTTY?: boolean;
}

/**
 * One progress line on a terminal, redrawn in place at most 10 times a second: the epoch's bar, its rate, the time
 * since training began and the epoch's ETA, then "validating" while validation runs. Off a terminal, only one plain
 * line per epoch, so CI logs stay readable.
 */
export class ProgressBar {
  private lastDraw = 0;
  private readonly start = performance.now();
  private epochStart = this.start;

  constructor(private readonly sink: ProgressSink) {}

  /** Marks the start of an epoch's steps: its rate and ETA count from here. */
  startEpoch(): void {
    this.epochStart = performance.now();
  }

  /** Redraws the bar after batch `done` of `total` in `epoch`, `samples` examples into the epoch. */
  batch(epoch: number, epochs: number, done: number, total: number, loss: number, samples: number): void {
    if (!this.sink.isTTY) return;
    const now = performance.now();
    if (now - this.lastDraw < 100 && done < total) return;
    this.lastDraw = now;
    const width = 24;
    const bar = '='.repeat(Math.round((done / total) * width)).padEnd(width, '.');
    const seconds = (now - this.epochStart) / 1000;
    const parts = [
      `epoch ${epoch}/${epochs} [${bar}] ${done}/${total}`,
      `loss ${loss.toFixed(4)}`,
      `${compactRate(samples / seconds)} samples/s`,
      `${duration((now - this.start) / 1000)} elapsed`,
      `ETA ${duration((seconds * (total - done)) / done)}`,
    ];
    this.redraw(parts.join(' · '));
  }

  /** Shows that `epoch`'s validation is running (it can take as long as the epoch's steps). */
  validating(epoch: number, epochs: number): void {
    if (!this.sink.isTTY) return;
    this.redraw(`epoch ${epoch}/${epochs} validating… · ${duration((performance.now() - this.start) / 1000)} elapsed`);
  }

  /** Writes the epoch's summary line (clearing the bar on a terminal). */
  epoch(line: string): void {
    this.sink.write(`${this.sink.isTTY ? '\r\x1b[K' : ''}${line}\n`);
  }

  private redraw(text: string): void {
    this.sink.write(`\r\x1b[K${text}`);
  }
}

/** `seconds` as m:ss, or h:mm:ss from an hour; `?` when not finite (no batch done yet). */
export function duration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}

/** A rate in three significant figures with a k/M suffix: 950, 12.3k, 1.05M. */
export function compactRate(perSecond: number): string {
  if (!Number.isFinite(perSecond)) return '?';
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toPrecision(3)}M`;
  if (perSecond >= 1e3) return `${(perSecond / 1e3).toPrecision(3)}k`;
  return perSecond.toFixed(0);
}
