import { describe, expect, it } from 'vitest';
import { DataFormatError } from './errors.js';
import { makeReport, MAX_SKIPPED_EXAMPLES, SkipLog } from './report.js';

describe('SkipLog and makeReport', () => {
  it('counts every skip per kind and keeps the first examples', () => {
    const log = new SkipLog();
    for (let line = 1; line <= 12; line++) log.add(new DataFormatError('f.csv', line, line % 2 ? 'id' : 'number', 'x'));
    expect(log.count).toBe(12);
    expect(log.byKind).toEqual({ id: 6, number: 6 });
    expect(log.examples).toHaveLength(MAX_SKIPPED_EXAMPLES);
    expect(log.examples[0]).toEqual({ line: 1, kind: 'id', message: 'f.csv:1: x' });
  });

  it('assembles a report that does not share the log', () => {
    const log = new SkipLog();
    log.add(new DataFormatError('f.csv', 3, 'columns', 'blank line'));
    const report = makeReport({
      file: 'f.csv',
      format: 'csv',
      lines: 10,
      rows: 8,
      skips: log,
      duplicates: 1,
      duplicatePolicy: 'sum',
    });
    expect(report).toEqual({
      file: 'f.csv',
      format: 'csv',
      lines: 10,
      rows: 8,
      skipped: 1,
      skippedByKind: { columns: 1 },
      skippedExamples: [{ line: 3, kind: 'columns', message: 'f.csv:3: blank line' }],
      duplicates: 1,
      duplicatePolicy: 'sum',
    });
    log.add(new DataFormatError('f.csv', 4, 'columns', 'blank line'));
    expect(report.skippedExamples).toHaveLength(1);
  });
});
