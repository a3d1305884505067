import { PROTOCOL_NAMES } from './protocol-name.js';
import type { ComparisonResult, Json } from '../comparison-result.js';
import { isFiniteNumber, metricLabel } from './format-number.js';

/**
 * The setup of a comparison as label–text pairs (data, split, seeds, protocols, cutoffs, selection, budget, run),
 * the same for the Markdown and HTML reports. Texts are plain, not escaped: each renderer escapes for its format.
 *
 * Time O(seeds + split keys).
 *
 * @example
 * ```ts
 * describeSetup(result)[0]; // ['Data', 'ml-100k: 943 users, 1,682 items, 100,000 interactions']
 * ```
 */
export function describeSetup(result: ComparisonResult): [label: string, text: string][] {
  const { data, split, protocols, negatives, ks, seeds, selection, budget } = result;
  // Keys beyond the known ones (a newer result's) are listed as they are rather than dropped.
  const {
    kind,
    train,
    validation,
    test,
    coldTestCases,
    coldValidationCases,
    coldTestCasesKept,
    testCasesDrawn,
    outOfMatrix,
    coldOutOfMatrixCases,
    coldItems,
    newUserRows,
    ...rest
  } = split as typeof split & { [key: string]: Json };
  const extra = Object.entries(rest).map(([k, v]) => `${k} ${jsonText(v)}`);
  if (outOfMatrix !== undefined) {
    extra.unshift(
      `out-of-matrix ${count(outOfMatrix)} on ${count(coldItems ?? 0)} cold items` +
        (coldOutOfMatrixCases ? ` (${count(coldOutOfMatrixCases)} of users without training rows left out)` : '') +
        (newUserRows ? `; new users' ${count(newUserRows)} rows unused` : ''),
    );
  }
  if (testCasesDrawn !== undefined) {
    extra.unshift(
      `test cases: a seeded sample of ${count(testCasesDrawn.drawn)} of ${count(testCasesDrawn.of)}, the same for every model`,
    );
  }
  if (coldTestCasesKept === true) {
    extra.unshift(
      `cold test cases kept (all test users): ${count(coldTestCases)}, left out of the warm-case protocols; ` +
        `cold validation cases left out: ${count(coldValidationCases)}`,
    );
  } else if (coldValidationCases > 0 || coldTestCases > 0) {
    extra.unshift(`cold cases left out: validation ${count(coldValidationCases)}, test ${count(coldTestCases)}`);
  }
  const protocolText = protocols
    .map((p) => (p === 'sampled' ? `sampled (${count(negatives)} negatives per test item)` : PROTOCOL_NAMES[p]))
    .join(', ');

  const setup: [string, string][] = [
    [
      'Data',
      `${data.name}: ${count(data.users)} users, ${count(data.items)} items, ${count(data.interactions)} interactions`,
    ],
    [
      'Split',
      `${String(kind)}, per seed: train ${count(train)}, validation ${count(validation)}, test ${count(test)}` +
        (extra.length > 0 ? `; ${extra.join(', ')}` : ''),
    ],
    ['Seeds', seeds.map(String).join(', ') + ` (${seeds.length})`],
    ['Protocols', protocolText || 'none'],
    ['Cutoffs', ks.length > 0 ? `K = ${ks.join(', ')}` : 'none'],
    ['Selection', `${metricLabel(selection.metric)} under the ${selection.protocol} protocol, on validation only`],
    ['Budget', `at most ${count(budget)} tuning trials per model and seed`],
    [
      'Run',
      `recsys ${result.recsysVersion}, ${result.started} to ${result.finished}${duration(result.started, result.finished)}`,
    ],
  ];
  return setup;
}

/**
 * A JSON value in one line for a report: strings bare, everything else as JSON.
 *
 * @example
 * ```ts
 * jsonText([64, 32]); // '[64,32]'
 * ```
 */
export function jsonText(value: Json | undefined): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value) ?? String(value);
}

/**
 * Settings as `key=value` pairs joined by `, ` (`{ factors: 16, layers: [64, 32] }` → `factors=16, layers=[64,32]`),
 * or `defaults` for none.
 *
 * @example
 * ```ts
 * settingsText({ factors: 16 }); // 'factors=16'
 * ```
 */
export function settingsText(settings: { [key: string]: Json } | undefined): string {
  const entries = Object.entries(settings ?? {});
  if (entries.length === 0) return 'defaults';
  return entries.map(([k, v]) => `${k}=${jsonText(v)}`).join(', ');
}

function count(n: unknown): string {
  return isFiniteNumber(n) ? n.toLocaleString('en-US') : 'n/a';
}

function duration(started: string, finished: string): string {
  const seconds = (Date.parse(finished) - Date.parse(started)) / 1000;
  if (!isFiniteNumber(seconds) || seconds < 0) return '';
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds - 60 * m);
  return m > 0 ? ` (${m} min ${s} s)` : ` (${s} s)`;
}
