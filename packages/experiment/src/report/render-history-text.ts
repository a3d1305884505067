import { displayWidth, padToWidth, terminalSafe } from './display-width.js';
import { formatFixed, formatSeconds, isFiniteNumber, metricLabel } from './format-number.js';
import { summaryLine } from './render-history-html.js';
import { checkTrainOutput, validationMetrics, type TrainOutput } from './train-output.js';

/**
 * One training run (the JSON `recsys train` prints) as a plain-text table for a terminal: a summary line, then one row
 * per epoch — loss, learning rate, samples per second, seconds, and each validation metric — with `*` on the epoch
 * the model kept. A run without a history gets the summary line and a note. Time O(epochs × metrics).
 *
 * @param run - the parsed stdout of `recsys train`.
 * @returns the text, ending with a newline.
 * @throws TypeError when `run` does not have the shape of a {@link TrainOutput}.
 * @example
 * ```ts
 * process.stdout.write(renderHistoryText(JSON.parse(await readFile('train.json', 'utf8'))));
 * ```
 */
export function renderHistoryText(run: TrainOutput): string {
  const checked = checkTrainOutput('renderHistoryText', run);
  const lines = [`${terminalSafe(checked.model)}: ${summaryLine(checked)}`];
  const history = checked.history ?? [];
  if (history.length === 0)
    return [...lines, 'no per-epoch history: this model is not trained by epochs', ''].join('\n');
  const metrics = validationMetrics(history);
  const header = ['epoch', 'loss', 'lr', 'samples/s', 'seconds', ...metrics.map((m) => `val ${metricLabel(m)}`)];
  const body = history.map((e) => [
    `${e.epoch}${e.epoch === checked.bestEpoch ? ' *' : '  '}`,
    formatFixed(e.loss, 4),
    isFiniteNumber(e.learningRate) ? e.learningRate.toExponential(1) : 'n/a',
    isFiniteNumber(e.samplesPerSecond) ? Math.round(e.samplesPerSecond).toLocaleString('en-US') : 'n/a',
    formatSeconds((e.stepSeconds ?? NaN) + (e.samplingSeconds ?? NaN)),
    ...metrics.map((m) => formatFixed(e.validation?.[m], 4)),
  ]);
  const widths = header.map((h, i) => Math.max(displayWidth(h), ...body.map((r) => displayWidth(r[i]!))));
  const line = (cells: string[]) => cells.map((c, i) => padToWidth(c, widths[i]!, 'right')).join('  ');
  lines.push('', line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line));
  if (isFiniteNumber(checked.bestEpoch)) lines.push('', '* the epoch whose parameters the model kept');
  return lines.join('\n') + '\n';
}
