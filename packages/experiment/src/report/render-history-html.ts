import { escapeHtml } from './escape-html.js';
import { formatFixed, formatSeconds, isFiniteNumber, metricLabel } from './format-number.js';
import { htmlPage } from './html-page.js';
import { lineChart, type LineSeries } from './svg/line-chart.js';
import { seriesStyle } from './svg/palette.js';
import { checkTrainOutput, validationMetrics, type EpochRecord, type TrainOutput } from './train-output.js';

/**
 * One training run (the JSON `recsys train` prints) as a self-contained HTML page in the look of {@link renderHtml}:
 * the run's setup, the training loss per epoch and the validation metrics per epoch as SVG line charts with the best
 * epoch marked, and a table of every epoch (loss, learning rate, throughput, seconds, validation). A run without a
 * history (a model not trained by epochs) gets the setup and a note. No script, no external URL; every string from
 * the run is HTML-escaped; non-finite values are left out of the charts and shown as `n/a`.
 *
 * Time O(epochs × metrics).
 *
 * @param run - the parsed stdout of `recsys train`.
 * @returns the page, from `<!DOCTYPE html>`.
 * @throws TypeError when `run` does not have the shape of a {@link TrainOutput}.
 * @example
 * ```ts
 * await writeFile('history.html', renderHistoryHtml(JSON.parse(await readFile('train.json', 'utf8'))));
 * ```
 */
export function renderHistoryHtml(run: TrainOutput): string {
  const checked = checkTrainOutput('renderHistoryHtml', run);
  const history = checked.history ?? [];
  const best = checked.bestEpoch;
  const marks = isFiniteNumber(best) ? [{ x: best, label: `best epoch ${best}` }] : [];
  const body = [
    `<h1>Training run: ${escapeHtml(checked.model)}</h1>`,
    `<p class="sub">${escapeHtml(summaryLine(checked))}</p>`,
    '<h2>Setup</h2>',
    '<dl class="setup">',
    ...setup(checked).map(([label, text]) => `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(text)}</dd>`),
    '</dl>',
  ];
  if (history.length === 0) {
    body.push('<h2>Epochs</h2>', '<p class="note-line">No per-epoch history: this model is not trained by epochs.</p>');
    return htmlPage(`Training run: ${checked.model}`, body.join('\n'));
  }
  const loss: LineSeries = {
    label: 'training loss',
    colour: seriesStyle(0).colour,
    points: history.map((e) => ({
      x: e.epoch,
      y: e.loss,
      tooltip: `epoch ${e.epoch}: loss ${formatFixed(e.loss, 4)}`,
    })),
  };
  const metrics = validationMetrics(history);
  const validation: LineSeries[] = metrics.map((name, i) => ({
    label: metricLabel(name),
    ...styleOf(i + 1),
    points: history.map((e) => ({
      x: e.epoch,
      y: e.validation?.[name] ?? NaN,
      tooltip: `epoch ${e.epoch}: ${metricLabel(name)} ${formatFixed(e.validation?.[name], 4)}`,
    })),
  }));
  body.push('<h2>Charts</h2>', '<div class="charts">');
  body.push(
    figure(
      'Training loss per epoch',
      'Mean loss over the epoch’s batches.',
      lineChart({
        title: 'Training loss per epoch',
        width: 564,
        height: 260,
        xLabel: 'epoch',
        yLabel: 'loss',
        integerX: true,
        series: [loss],
        marks,
      }),
    ),
  );
  body.push(
    metrics.length === 0
      ? figure('Validation per epoch', 'The run did not validate (no --validation): no validation curves.', '')
      : figure(
          'Validation per epoch',
          'Validation metrics after each epoch; the dashed line is the epoch the model kept.',
          lineChart({
            title: 'Validation per epoch',
            width: 564,
            height: 260,
            xLabel: 'epoch',
            yLabel: 'validation',
            integerX: true,
            series: validation,
            marks,
          }),
        ),
  );
  body.push('</div>', '<h2>Epochs</h2>', epochTable(history, metrics, best));
  return htmlPage(`Training run: ${checked.model}`, body.join('\n'));
}

function styleOf(i: number) {
  const { colour, dash } = seriesStyle(i);
  return { colour, dash };
}

function figure(title: string, caption: string, svg: string): string {
  return `<figure><h3>${escapeHtml(title)}</h3><figcaption>${escapeHtml(caption)}</figcaption>${svg}</figure>`;
}

/** `943 users, 1,682 items, 99,057 rows, seed 42, 61.8 s; best epoch 4 of 6 (stopped early)`. */
export function summaryLine(run: TrainOutput): string {
  const count = (n: unknown) => (isFiniteNumber(n) ? n.toLocaleString('en-US') : 'n/a');
  let line = `${count(run.users)} users, ${count(run.items)} items, ${count(run.rows)} rows, seed ${count(run.seed)}, ${formatSeconds(run.seconds)}`;
  if (run.epochs !== undefined) {
    line += `; best epoch ${count(run.bestEpoch)} of ${count(run.epochs)}${run.stoppedEarly ? ' (stopped early)' : ''}`;
  }
  return line;
}

function setup(run: TrainOutput): [string, string][] {
  const count = (n: unknown) => (isFiniteNumber(n) ? n.toLocaleString('en-US') : 'n/a');
  const rows: [string, string][] = [
    ['Model', run.model],
    ['Saved to', String(run.out)],
    ['Data', `${count(run.users)} users, ${count(run.items)} items, ${count(run.rows)} training rows`],
    ['Seed', count(run.seed)],
    ['Time', formatSeconds(run.seconds)],
  ];
  if (run.epochs !== undefined) {
    rows.push([
      'Epochs',
      `${count(run.epochs)} run, kept epoch ${count(run.bestEpoch)}${run.stoppedEarly ? ', stopped early' : ''}`,
    ]);
  }
  return rows;
}

function epochTable(history: EpochRecord[], metrics: string[], best: number | undefined): string {
  const head = ['Epoch', 'Loss', 'Learning rate', 'Samples/s', 'Seconds', ...metrics.map(metricLabel)];
  const rows = history.map((e) => {
    const cells = [
      `${e.epoch}${e.epoch === best ? ' *' : ''}`,
      formatFixed(e.loss, 4),
      isFiniteNumber(e.learningRate) ? String(Number(e.learningRate.toPrecision(4))) : 'n/a',
      isFiniteNumber(e.samplesPerSecond) ? Math.round(e.samplesPerSecond).toLocaleString('en-US') : 'n/a',
      formatSeconds((e.stepSeconds ?? NaN) + (e.samplingSeconds ?? NaN)),
      ...metrics.map((m) => formatFixed(e.validation?.[m], 4)),
    ];
    const cls = e.epoch === best ? ' class="best"' : '';
    return `<tr${cls}>${cells.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`;
  });
  return [
    '<table>',
    `<thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead>`,
    `<tbody>\n${rows.join('\n')}\n</tbody>`,
    '</table>',
    '<p class="legend-line">* the epoch whose parameters the model kept</p>',
  ].join('\n');
}
