import { isHoldoutProtocol } from './protocol-name.js';
import type { ComparisonProtocol } from '../comparison-result.js';
import { formatFixed, formatSeconds, metricLabel } from './format-number.js';
import type { ResultIndex } from './result-index.js';

/**
 * One metric column of a report's main table: a metric (`'ndcg@10'`, `'auc'`) under a protocol.
 *
 * @example
 * ```ts
 * const column: TableColumn = { protocol: 'full', metric: 'recall@20' };
 * ```
 */
export interface TableColumn {
  protocol: ComparisonProtocol;
  metric: string;
}

/** One cell of the main table: `mean ± half-width`, and its marks. */
export interface MainTableCell {
  /** `0.320 ± 0.050`, `0.320` for one seed (or no interval), `n/a` when missing. */
  text: string;
  /** The highest mean of its column. */
  best: boolean;
  /** Below the best at p < 0.05 by the paired test. */
  worse: boolean;
}

/** The main table, as text cells every renderer lays out its own way. */
export interface MainTable {
  columns: TableColumn[];
  /** Header of each metric column, e.g. `HR@10 sampled`. */
  headers: string[];
  rows: { model: string; cells: MainTableCell[]; fitSeconds: string }[];
}

/** The marks of a main-table cell, and the sentence that explains them. */
export const MARKS = {
  best: '*',
  worse: '†',
  legend:
    '* best mean of the column; † below the best at p < 0.05 (paired t-test over users); ± half-width of the 95% CI over seeds',
} as const;

/**
 * The columns a main table shows by default: HR and NDCG at the headline K (10 when evaluated) for each protocol the
 * result has, leaving out metrics no model has.
 *
 * @example
 * ```ts
 * defaultColumns(new ResultIndex(result)); // [{ protocol: 'sampled', metric: 'hr@10' }, { …'ndcg@10' }, …]
 * ```
 */
export function defaultColumns(index: ResultIndex): TableColumn[] {
  const k = index.headlineK();
  const columns: TableColumn[] = [];
  for (const protocol of index.protocols) {
    const present = new Set(index.metrics(protocol));
    // DualNet's protocols report Recall@M at each M (the paper's table); the others HR and NDCG at the headline K.
    const wanted = isHoldoutProtocol(protocol)
      ? index.result.ks.map((m) => `recall@${m}`)
      : k === undefined
        ? ['mrr', 'auc']
        : [`hr@${k}`, `ndcg@${k}`];

    for (const metric of wanted) if (present.has(metric)) columns.push({ protocol, metric });
  }
  return columns;
}

/**
 * The cells of a main table: one row per model, one column per `(protocol, metric)`, each `mean ± half-width of the
 * 95% CI` with fixed decimals, the best of each column and the significantly worse marked, and the mean fit seconds.
 *
 * Time O(models × columns).
 *
 * @param decimals - decimals of means and half-widths.
 * @example
 * ```ts
 * const table = mainTable(new ResultIndex(result), defaultColumns(index), 3);
 * table.rows[0].cells[0].text; // '0.400 ± 0.025'
 * ```
 */
export function mainTable(index: ResultIndex, columns: TableColumn[], decimals: number): MainTable {
  const best = columns.map((c) => new Set(index.best(c.protocol, c.metric)));
  return {
    columns,
    headers: columns.map((c) => `${metricLabel(c.metric)} ${c.protocol}`),
    rows: index.models.map((model) => ({
      model,
      cells: columns.map((column, i) => {
        const entry = index.summary(model, column.protocol, column.metric);
        if (!entry) return { text: 'n/a', best: false, worse: false };
        const half = index.halfWidth(entry);
        // One seed has no interval; several seeds that agree exactly (a deterministic model on a fixed split) show ± 0.
        const seeds = Array.isArray(entry.values) ? entry.values.length : 0;
        const text =
          half === undefined || seeds <= 1
            ? formatFixed(entry.mean, decimals)
            : `${formatFixed(entry.mean, decimals)} ± ${formatFixed(half, decimals)}`;
        return {
          text,
          best: best[i]!.has(model),
          worse: index.significantlyWorse(model, column.protocol, column.metric),
        };
      }),
      fitSeconds: formatSeconds(index.meanFitSeconds(model)),
    })),
  };
}
