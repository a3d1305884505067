// The fuzzed formats: which loader reads them (with which options), which reference parses them, which base files
// are mutated (prefixes of the real files in ../shared/data when present, small generated files always), and how a
// loader's result is normalized for comparison with the reference's.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const POLICIES = ['keep-latest', 'keep-first', 'sum', 'error'];

/** The first `lines` lines of a file (with their LFs). */
function prefix(path, lines) {
  const data = readFileSync(path);
  let end = 0;
  for (let k = 0; k < lines && end < data.length; k++) {
    const lf = data.indexOf(0x0a, end);
    end = lf < 0 ? data.length : lf + 1;
  }
  return data.subarray(0, end);
}

/** `count` generated lines, `line(rng, k)` each, LF-terminated. */
function generated(rng, count, line) {
  return Buffer.from(Array.from({ length: count }, (_, k) => line(rng, k) + '\n').join(''));
}

const interactionsOf = (dense) => (result) => {
  const x = result.interactions;
  return {
    users: Array.from(x.users),
    items: Array.from(x.items),
    values: x.values && Array.from(x.values),
    timestamps: x.timestamps && Array.from(x.timestamps),
    behaviours: x.behaviours && Array.from(x.behaviours),
    behaviourNames: [...x.behaviourNames],
    userIds: dense ? undefined : [...x.userIds.ids()],
    itemIds: dense ? undefined : [...x.itemIds.ids()],
    numUsers: x.numUsers,
    numItems: x.numItems,
    report: reportOf(result.report),
  };
};

function reportOf(report) {
  return {
    lines: report.lines,
    rows: report.rows,
    skipped: report.skipped,
    skippedLines: report.skippedExamples.map((example) => example.line),
    duplicates: report.duplicates,
  };
}

/**
 * A CSV line whose ids are quoted, some holding the delimiter, a doubled quote or a line break (CRLF or LF): RFC 4180
 * records spanning lines.
 */
const quotedLine = (rng) => {
  const id = (prefix) => {
    const k = 1 + rng.int(20);
    const forms = [`${prefix}${k}`, `"${prefix}${k}"`, `"${prefix}, ${k}"`, ` "${prefix} ""${k}""" `];
    return rng.pick([...forms, `"${prefix}\r\n${k}"`, `"${prefix}\n${k}"`]);
  };
  return [id('u'), id('i'), rng.pick(['3', '"4"', '4.5']), 880_000_000 + rng.int(1000)].join(',');
};

const tabLine = (sep) => (rng) =>
  [1 + rng.int(20), 1 + rng.int(40), 1 + rng.int(5), 880_000_000 + rng.int(1000)].join(sep);

/**
 * The formats. `bases(rng, dataDir)` lists `[label, bytes, options]`; `load(loaders, file, options)` runs the loader;
 * `normalize(result)` gives what the reference's `finish` gives.
 */
export const FORMATS = [
  {
    name: 'movielens u.data',
    file: 'u.data',
    reference: 'movielens',
    separators: ['\t', ' ', '::'],
    policies: true,
    bases: (rng, data) => [
      ['generated', generated(rng, 40, tabLine('\t'))],
      data && ['ml-100k/u.data', prefix(join(data, 'ml-100k/u.data'), 300)],
    ],
    load: (l, file, options) => l.loadMovieLens(file, options),
    normalize: interactionsOf(false),
  },
  {
    name: 'movielens ratings.dat',
    file: 'ratings.dat',
    reference: 'movielens',
    separators: ['::', ':', '\t'],
    policies: true,
    bases: (rng, data) => [
      ['generated', generated(rng, 40, tabLine('::'))],
      // ML-1M's ratings.dat is not stored: its layout, from u.data's rows.
      data && [
        'ml-100k/u.data as ::',
        Buffer.from(prefix(join(data, 'ml-100k/u.data'), 300).toString().replaceAll('\t', '::')),
      ],
    ],
    load: (l, file, options) => l.loadMovieLens(file, options),
    normalize: interactionsOf(false),
  },
  {
    name: 'ncf .rating',
    file: 'x.train.rating',
    reference: 'ncf',
    separators: ['\t', ' '],
    policies: true,
    bases: (rng, data) => [
      ['generated, 3 columns', generated(rng, 40, (r) => [r.int(15), r.int(30), 1 + r.int(5)].join('\t'))],
      ['generated, 4 columns', generated(rng, 40, (r) => [r.int(15), r.int(30), 1 + r.int(5), r.int(99)].join('\t'))],
      data && ['amusic train', prefix(join(data, 'amusic/AMusic.train.rating'), 300)],
      data && ['ml-1m.test.rating', prefix(join(data, 'ncf-official/ml-1m.test.rating'), 300)],
    ],
    load: (l, file, options) => l.loadNcfRatings(file, options),
    normalize: interactionsOf(true),
  },
  {
    name: 'ncf negatives',
    file: 'x.test.negative',
    reference: 'ncf-negatives',
    separators: ['\t', ',', '(', ')'],
    policies: false,
    bases: (rng, data) => [
      [
        'generated',
        generated(rng, 30, (r, k) => `(${k},${r.int(50)})\t` + Array.from({ length: 5 }, () => r.int(50)).join('\t')),
      ],
      data && ['amusic test.negative', prefix(join(data, 'amusic/AMusic.test.negative'), 30)],
      data && ['ml-1m.test.negative', prefix(join(data, 'ncf-official/ml-1m.test.negative'), 30)],
    ],
    load: (l, file, options) => l.loadNcfNegatives(file, options),
    normalize: (result) => ({
      users: Array.from(result.negatives.users),
      positives: Array.from(result.negatives.positives),
      offsets: Array.from(result.negatives.offsets),
      items: Array.from(result.negatives.items),
      perCase: {
        min: result.negativesPerCase.min,
        max: result.negativesPerCase.max,
        common: result.negativesPerCase.common,
        differing: result.negativesPerCase.differing,
      },
      report: reportOf(result.report),
    }),
  },
  {
    name: 'csv (header, columns)',
    file: 'log.csv',
    reference: 'csv',
    // The quote too: an inserted one opens a quoted field, closes one early, or is text inside an unquoted field.
    separators: [',', '\t', ' ', '"'],
    policies: true,
    bases: (rng, data) => {
      const ratings = {
        header: true,
        csv: { delimiter: ',', columns: { user: 'user', item: 'item', value: 'rating', timestamp: 'ts' } },
      };
      const behaviours = {
        header: true,
        csv: { delimiter: '\t', columns: { user: 'uid', item: 'sid', behaviour: '3' } },
      };
      const pairs = { header: true, csv: { delimiter: '\t', columns: { user: 'uid', item: 'sid' } } };
      const head = (text, body) => Buffer.concat([Buffer.from(text), body]);
      return [
        ['generated ratings', head('user, item ,rating,ts\n', generated(rng, 40, tabLine(', '))), ratings],
        ['generated quoted', head('"user","item" ,rating,ts\r\n', generated(rng, 40, quotedLine)), ratings],
        [
          'generated behaviours',
          head(
            'uid\tsid\t3\n',
            generated(rng, 40, (r) => `${r.int(20)}\t${r.int(40)}\t${r.pick(['cart', 'buy', 'pv'])}`),
          ),
          behaviours,
        ],
        data && [
          'ml-100k/u.data as csv',
          head(
            'user,item,rating,ts\n',
            Buffer.from(prefix(join(data, 'ml-100k/u.data'), 300).toString().replaceAll('\t', ',')),
          ),
          ratings,
        ],
        data && ['taobao-ehcf cart.csv', prefix(join(data, 'taobao-ehcf/cart.csv'), 300), behaviours],
        data && ['taobao-ehcf buy.train.txt', prefix(join(data, 'taobao-ehcf/buy.train.txt'), 300), pairs],
      ];
    },
    load: (l, file, { csv, ...options }) => l.loadDelimited(file, { ...csv, ...options }),
    normalize: interactionsOf(false),
  },
  {
    name: 'taobao',
    file: 'UserBehavior.csv',
    reference: 'taobao',
    separators: [',', '\t'],
    policies: true,
    bases: (rng, data) => [
      [
        'generated',
        generated(rng, 40, (r) =>
          [r.int(10), r.int(30), r.int(5), r.pick(['pv', 'cart', 'fav', 'buy']), r.int(99)].join(','),
        ),
      ],
      data && ['UserBehavior head', prefix(join(data, 'taobao-userbehavior-head/UserBehavior_head814users.csv'), 300)],
    ],
    load: (l, file, options) => l.loadTaobao(file, options),
    normalize: (result) => ({
      ...interactionsOf(false)(result),
      categories: Array.from(result.categories),
      categoryIds: [...result.categoryIds.ids()],
      categoryConflicts: result.categoryConflicts,
    }),
  },
  {
    name: 'citeulike users.dat',
    file: 'users.dat',
    reference: 'citeulike',
    separators: [' ', '\t'],
    policies: true,
    bases: (rng, data) => [
      [
        'generated',
        generated(rng, 30, (r) => {
          const items = Array.from({ length: r.int(5) }, () => r.int(60));
          return [items.length, ...items].join(' ');
        }),
      ],
      data && ['citeulike-a users.dat', prefix(join(data, 'citeulike-a/users.dat'), 60)],
      data && ['citeulike-t users.dat', prefix(join(data, 'citeulike-t/users.dat'), 100)],
    ],
    load: (l, file, options) => l.loadCiteULike(file, options),
    normalize: interactionsOf(true),
  },
  {
    name: 'citeulike mult.dat',
    file: 'mult.dat',
    reference: 'citeulike-content',
    separators: [' ', ':'],
    policies: false,
    bases: (rng, data) => [
      [
        'generated',
        generated(rng, 30, (r) => {
          const words = Array.from({ length: r.int(5) }, () => `${r.int(90)}:${1 + r.int(4)}`);
          return [words.length, ...words].join(' ');
        }),
      ],
      data && ['citeulike-t mult.dat', prefix(join(data, 'citeulike-t/mult.dat'), 60)],
    ],
    load: (l, file, options) => l.loadCiteULikeContent(file, { ...options, format: 'lda-c' }),
    normalize: (result) => ({
      numRows: result.content.numRows,
      numFeatures: result.content.numFeatures,
      ptr: Array.from(result.content.ptr),
      indices: Array.from(result.content.indices),
      values: Array.from(result.content.values),
      report: reportOf(result.report),
    }),
  },
];

/** The base files of a format: generated ones, plus real prefixes when `dataDir` holds them. */
export function baseFiles(format, rng, dataDir) {
  const data = dataDir && existsSync(dataDir) ? dataDir : undefined;
  return format
    .bases(rng, data)
    .filter(Boolean)
    .map(([label, bytes, options = {}]) => ({ label, bytes, options }));
}

/** The duplicate policies a format's loader takes (none for negatives and content). */
export function policiesOf(format) {
  return format.policies ? POLICIES : [undefined];
}
