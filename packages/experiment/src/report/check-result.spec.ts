import { describe, expect, it } from 'vitest';
import { checkComparisonResult } from './check-result.js';
import { comparisonFixture } from './fixture.js';

describe('checkComparisonResult', () => {
  it('passes a result through, also after a JSON round trip (NaN became null)', () => {
    const result = comparisonFixture();
    result.summary[0]!.mean = NaN;
    const parsed: unknown = JSON.parse(JSON.stringify(result));
    expect(checkComparisonResult('f', parsed).runs).toHaveLength(21);
  });

  it('names the renderer and the field that is wrong', () => {
    const ok = comparisonFixture();
    expect(() => checkComparisonResult('renderHtml', 'x')).toThrow('renderHtml: expected a comparison result, got "x"');
    expect(() => checkComparisonResult('f', { ...ok, version: 2 })).toThrow(
      'f: this renderer reads version 1 results, got version 2',
    );
    expect(() => checkComparisonResult('f', { ...ok, runs: undefined })).toThrow(
      'f: result.runs must be an array, got undefined',
    );
    expect(() => checkComparisonResult('f', { ...ok, data: [] })).toThrow(
      'f: result.data must be an object, got an array of 0',
    );
    expect(() => checkComparisonResult('f', { ...ok, data: { ...ok.data, name: 1 } })).toThrow(
      'f: result.data.name must be a string, got 1',
    );
    expect(() => checkComparisonResult('f', { ...ok, skipped: [{ reason: 'x' }] })).toThrow(
      'f: result.skipped[0] must be an object with a string model, got {"reason":"x"}',
    );
    expect(() => checkComparisonResult('f', { ...ok, summary: [{ model: 'a', metric: 'hr@10' }] })).toThrow(
      'f: result.summary[0] must name its protocol and metric',
    );
  });
});
