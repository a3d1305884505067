import { describeValue, refuseUnknownOptions } from '@recsys/data';
import { defaultColumns, type TableColumn } from './main-table.js';
import type { ResultIndex } from './result-index.js';

/**
 * Options of {@link renderTable} and {@link renderMarkdown}'s main table.
 *
 * @example
 * ```ts
 * renderTable(result, { columns: [{ protocol: 'full', metric: 'ndcg@20' }], decimals: 4 });
 * ```
 */
export interface RenderTableOptions {
  /** The metric columns, in order. Default: HR and NDCG at K = 10 (or the K closest) for each protocol present. */
  columns?: TableColumn[];
  /** Decimals of means and half-widths, an integer in [0, 10]. Default 3. */
  decimals?: number;
}

/**
 * Checks table options against a result and fills in defaults: every column must name a protocol of the result and
 * a metric some model has under it, so a typo (`ndcg@15`) fails with the metrics there are instead of a column of
 * `n/a`.
 *
 * @param owner - the renderer, for messages.
 * @param otherKeys - further option keys the renderer reads itself.
 * @throws RangeError on an unknown option key, a bad `decimals`, or a column the result does not have; TypeError when
 * `columns` is not an array of `{ protocol, metric }`.
 * @example
 * ```ts
 * const { columns, decimals } = resolveTableOptions('renderTable', index, { decimals: 4 });
 * ```
 */
export function resolveTableOptions(
  owner: string,
  index: ResultIndex,
  options: RenderTableOptions | undefined,
  otherKeys: readonly string[] = [],
): Required<RenderTableOptions> {
  refuseUnknownOptions(owner, options, ['columns', 'decimals', ...otherKeys]);
  const decimals = options?.decimals ?? 3;
  if (!(Number.isInteger(decimals) && decimals >= 0 && decimals <= 10)) {
    throw new RangeError(`${owner}: decimals must be an integer in [0, 10], got ${describeValue(decimals)}`);
  }
  const columns = options?.columns ?? defaultColumns(index);
  if (!Array.isArray(columns)) {
    throw new TypeError(`${owner}: columns must be an array of { protocol, metric }, got ${describeValue(columns)}`);
  }
  for (const column of columns) {
    if (column === null || typeof column !== 'object' || typeof column.metric !== 'string') {
      throw new TypeError(`${owner}: each column must be { protocol, metric }, got ${describeValue(column)}`);
    }
    if (!index.protocols.includes(column.protocol)) {
      throw new RangeError(
        `${owner}: the result has no ${describeValue(column.protocol)} protocol (it has ${index.protocols.join(', ')})`,
      );
    }
    const metrics = index.metrics(column.protocol);
    if (!metrics.includes(column.metric)) {
      throw new RangeError(
        `${owner}: no model has ${describeValue(column.metric)} under ${column.protocol} (there: ${metrics.join(', ') || 'none'})`,
      );
    }
  }
  return { columns, decimals };
}
