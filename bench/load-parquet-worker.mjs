// One load for load-parquet.bench.mjs, alone in its process so that its peak RSS is its own:
//
//   node bench/load-parquet-worker.mjs <csv|parquet|duckdb> <file>
//
// Prints one JSON line: rows read, rows kept, users, items, seconds of the load call, and the RSS before it and at
// its peak (VmHWM). A loader whose optional package is missing prints { skipped: <the loader's message> }.
import { loadDelimited, loadDuckDB, loadParquet, MissingPackageError } from '@recsys/data';
import { peakRssMiB } from './shared.mjs';

const [loader, file] = process.argv.slice(2);
const columns = { user: 'user_id', item: 'item_id', value: 'rating', timestamp: 'timestamp' };
const loads = {
  csv: () => loadDelimited(file, { header: true, columns }),
  parquet: () => loadParquet(file, { columns }),
  duckdb: () =>
    loadDuckDB(':memory:', { query: `select * from read_parquet('${file.replaceAll("'", "''")}')`, columns }),
};
if (!loads[loader]) {
  console.error(`usage: node bench/load-parquet-worker.mjs <${Object.keys(loads).join('|')}> <file>`);
  process.exit(2);
}
const rssBeforeMiB = process.memoryUsage().rss / 2 ** 20;
try {
  const start = performance.now();
  const { interactions, report } = await loads[loader]();
  const seconds = (performance.now() - start) / 1000;
  console.log(
    JSON.stringify({
      rows: report.lines,
      kept: report.rows,
      users: interactions.numUsers,
      items: interactions.numItems,
      seconds,
      rssBeforeMiB,
      peakRssMiB: await peakRssMiB(),
    }),
  );
} catch (error) {
  if (!(error instanceof MissingPackageError)) throw error;
  console.log(JSON.stringify({ skipped: error.message }));
}
