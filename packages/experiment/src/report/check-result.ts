import { describeValue } from '@recsys/data';
import type { ComparisonResult } from '../comparison-result.js';

/**
 * Checks that a value has the shape of a {@link ComparisonResult} before a report reads it: the `format` tag and
 * `version`, and the lists and objects every renderer walks. Numbers inside are not checked here: a missing or
 * non-finite value is shown as `n/a` and left out of the charts, with a note, rather than refusing the whole report.
 *
 * Time O(1).
 *
 * @param owner - the renderer, for the message (e.g. `'renderHtml'`).
 * @param result - the value given (e.g. `JSON.parse` of a `results.json`).
 * @returns the same value, typed.
 * @throws TypeError naming the renderer and the first field that is missing or of the wrong kind; RangeError for
 * another format or version.
 * @example
 * ```ts
 * const result = checkComparisonResult('renderTable', JSON.parse(text));
 * ```
 */
export function checkComparisonResult(owner: string, result: unknown): ComparisonResult {
  if (!isObject(result)) throw new TypeError(`${owner}: expected a comparison result, got ${describeValue(result)}`);
  if (result.format !== 'recsys-comparison') {
    throw new RangeError(`${owner}: format must be "recsys-comparison", got ${describeValue(result.format)}`);
  }
  if (result.version !== 1) {
    throw new RangeError(
      `${owner}: this renderer reads version 1 results, got version ${describeValue(result.version)}`,
    );
  }
  for (const key of ['runs', 'summary', 'skipped', 'protocols', 'ks', 'seeds'] as const) {
    if (!Array.isArray(result[key])) {
      throw new TypeError(`${owner}: result.${key} must be an array, got ${describeValue(result[key])}`);
    }
  }
  for (const key of ['data', 'split', 'selection'] as const) {
    if (!isObject(result[key])) {
      throw new TypeError(`${owner}: result.${key} must be an object, got ${describeValue(result[key])}`);
    }
  }
  const data = result.data as Record<string, unknown>;
  if (typeof data.name !== 'string') {
    throw new TypeError(`${owner}: result.data.name must be a string, got ${describeValue(data.name)}`);
  }
  const listsOfModels = [
    ['runs', result.runs],
    ['summary', result.summary],
    ['skipped', result.skipped],
  ] as const;
  for (const [key, list] of listsOfModels) {
    (list as unknown[]).forEach((entry, i) => {
      if (!isObject(entry) || typeof entry.model !== 'string') {
        throw new TypeError(
          `${owner}: result.${key}[${i}] must be an object with a string model, got ${describeValue(entry)}`,
        );
      }
    });
  }
  (result.summary as Record<string, unknown>[]).forEach((entry, i) => {
    if (typeof entry.protocol !== 'string' || typeof entry.metric !== 'string') {
      throw new TypeError(
        `${owner}: result.summary[${i}] must name its protocol and metric, got ${describeValue(entry)}`,
      );
    }
  });
  return result as unknown as ComparisonResult;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
