import { describe, expect, it } from 'vitest';
import type { CliIo } from './io.js';
import { progress } from './progress.js';

function io(isTTY: boolean): CliIo & { text: string[] } {
  const text: string[] = [];
  return { text, isTTY, out: () => undefined, err: (t) => void text.push(t) };
}

/** `text` without the clear-line prefix every redraw starts with (so a shorter line leaves no tail), checked. */
function afterClear(text: string | undefined): string {
  expect(text?.startsWith(CLEAR_LINE)).toBe(true);
  return text!.slice(CLEAR_LINE.length);
}

const CLEAR_LINE = '\r\x1b[K';

describe('progress', () => {
  it('off a terminal: a line per 10% with the elapsed time', () => {
    const sink = io(false);
    const report = progress(sink, 'evaluating');
    for (let done = 0; done <= 20; done++) report(done, 20);
    expect(sink.text).toHaveLength(11);
    expect(sink.text[0]).toMatch(/^recsys: evaluating 0% \(\d+:\d\d elapsed\)\n$/);
    expect(sink.text[10]).toMatch(/^recsys: evaluating 100% \(/);
  });

  it('on a terminal: one line redrawn in place with counts, elapsed time and ETA, ended when done', () => {
    const sink = io(true);
    const report = progress(sink, 'evaluating');
    report(1_000, 4_000);
    report(1_001, 4_000); // within 100 ms: not redrawn
    report(4_000, 4_000);
    expect(sink.text).toHaveLength(2);
    expect(afterClear(sink.text[0])).toMatch(/^evaluating \[#+\.+\] 1,000\/4,000 · \d+:\d\d elapsed · ETA \d+:\d\d$/);
    expect(afterClear(sink.text[1])).toMatch(/^evaluating \[#{30}\] 4,000\/4,000 · \d+:\d\d elapsed\n$/);
  });
});
