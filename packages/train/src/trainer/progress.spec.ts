import { describe, expect, it } from 'vitest';
import { compactRate, duration, ProgressBar } from './progress.js';

function sink(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, isTTY, write: (text: string) => void writes.push(text) };
}

/** `text` without the clear-line prefix every redraw starts with (so a shorter line leaves no tail), checked. */
function afterClear(text: string | undefined): string {
  expect(text?.startsWith(CLEAR_LINE)).toBe(true);
  return text!.slice(CLEAR_LINE.length);
}

const CLEAR_LINE = '\r\x1b[K';

describe('ProgressBar', () => {
  it('on a terminal: one line redrawn in place with the rate, the elapsed time and the epoch ETA', () => {
    const out = sink(true);
    const bar = new ProgressBar(out);
    bar.startEpoch();
    bar.batch(2, 10, 50, 100, 0.5, 12_800);
    expect(out.writes).toHaveLength(1);
    const line = out.writes[0]!;
    expect(afterClear(line)).toMatch(
      /^epoch 2\/10 \[=+\.+\] 50\/100 · loss 0\.5000 · [\d.]+[kM]? samples\/s · \d+:\d\d elapsed · ETA \d+:\d\d$/,
    );
    bar.batch(2, 10, 51, 100, 0.5, 13_000); // within 100 ms of the last draw: skipped
    expect(out.writes).toHaveLength(1);
    bar.batch(2, 10, 100, 100, 0.5, 25_600); // the last batch is always drawn
    expect(out.writes).toHaveLength(2);
    bar.validating(2, 10);
    expect(afterClear(out.writes[2])).toMatch(/^epoch 2\/10 validating… · \d+:\d\d elapsed$/);
    bar.epoch('recsys: epoch 2/10, loss 0.5000');
    expect(out.writes[3]).toBe('\r\x1b[Krecsys: epoch 2/10, loss 0.5000\n');
  });

  it('off a terminal: only the epoch lines', () => {
    const out = sink(false);
    const bar = new ProgressBar(out);
    bar.startEpoch();
    bar.batch(1, 1, 10, 10, 0.1, 100);
    bar.validating(1, 1);
    bar.epoch('recsys: epoch 1/1');
    expect(out.writes).toEqual(['recsys: epoch 1/1\n']);
  });
});

describe('duration and compactRate', () => {
  it('formats seconds as m:ss or h:mm:ss, and ? when unknown', () => {
    expect(duration(0)).toBe('0:00');
    expect(duration(59.6)).toBe('1:00');
    expect(duration(754)).toBe('12:34');
    expect(duration(3_661)).toBe('1:01:01');
    expect(duration(Number.POSITIVE_INFINITY)).toBe('?');
    expect(duration(Number.NaN)).toBe('?');
  });

  it('formats rates with three significant figures and k/M', () => {
    expect(compactRate(950)).toBe('950');
    expect(compactRate(12_345)).toBe('12.3k');
    expect(compactRate(1_049_000)).toBe('1.05M');
    expect(compactRate(Number.NaN)).toBe('?');
  });
});
