// Reference parses of the loaders' formats, written from the formats' definitions (the loaders' TSDoc and the dataset
// READMEs), deliberately simple and sharing no code with the loaders: whole file in memory, lines split by a byte
// loop, UTF-8 checked by TextDecoder, numbers by a hand-written scanner, duplicates by a Map. What one of them says a
// file holds (or which line is its first bad one) is what the loader must say.

/** A malformed line (the kind is informative; only the line number is compared). */
export class Bad extends Error {
  constructor(kind) {
    super(kind);
    this.kind = kind;
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * A file's lines, by the text rules every loader shares: UTF-8 only (a UTF-16 byte-order mark fails the whole file);
 * a UTF-8 byte-order mark at the start is dropped; lines end at LF, one CR before the end belongs to the ending; a
 * line is bad when it is not UTF-8 or holds NUL or U+FEFF, blank when only whitespace, and bad when it otherwise
 * holds a CR.
 * @returns {{ fileError: true } | { lines: Array<{ text: string, blank?: true } | { bad: string }> }}
 */
export function textLines(bytes) {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return { fileError: true };
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const pieces = [];
  let from = start;
  for (let i = start; i < bytes.length; i++) {
    if (bytes[i] === 0x0a) {
      pieces.push(bytes.subarray(from, i));
      from = i + 1;
    }
  }
  if (from < bytes.length) pieces.push(bytes.subarray(from));
  const lines = pieces.map((piece) => {
    const body = piece.length > 0 && piece[piece.length - 1] === 0x0d ? piece.subarray(0, piece.length - 1) : piece;
    let text;
    try {
      text = strictUtf8.decode(body);
    } catch {
      return { bad: 'encoding' };
    }
    if (text.includes('\u0000') || text.includes('\uFEFF')) return { bad: 'encoding' };
    if (/^\s*$/.test(text)) return { text, blank: true };
    if (text.includes('\r')) return { bad: 'encoding' };
    return { text };
  });
  return { lines };
}

const isDigit = (c) => c >= '0' && c <= '9';

/**
 * A number in plain decimal notation: [sign] digits [. digits] [e [sign] digits], at least one mantissa digit. Values
 * are stored as float32 and timestamps as float64: a number too large for its column is bad (a rating of Infinity is
 * not what the file says).
 */
export function decimal(text, kind = 'number') {
  let i = 0;
  const digitsFrom = (start) => {
    while (isDigit(text[i])) i++;
    return i - start;
  };
  if (text[i] === '+' || text[i] === '-') i++;
  let digits = digitsFrom(i);
  if (text[i] === '.') {
    i++;
    digits += digitsFrom(i);
  }
  if (digits === 0) throw new Bad(kind);
  if (text[i] === 'e' || text[i] === 'E') {
    i++;
    if (text[i] === '+' || text[i] === '-') i++;
    if (digitsFrom(i) === 0) throw new Bad(kind);
  }
  if (i !== text.length) throw new Bad(kind);
  const value = Number(text);
  if (!Number.isFinite(kind === 'timestamp' ? value : Math.fround(value))) throw new Bad(kind);
  return value;
}

/** A dense 0-based id (NCF, CiteULike): ASCII digits only, at most 2^24 - 1 (an id map holds every id below it). */
export function denseId(text) {
  if (text.length === 0 || ![...text].every(isDigit)) throw new Bad('id');
  const id = Number(text);
  if (id > 2 ** 24 - 1) throw new Bad('range');
  return id;
}

/** A raw id: any non-empty string without leading or trailing whitespace. */
export function rawId(text) {
  if (text === '' || text.trim() !== text) throw new Bad('id');
  return text;
}

/** `n e1 … en`, whitespace-separated, n matching the number of entries. */
export function counted(text) {
  const tokens = text.split(/\s+/).filter((token) => token !== '');
  const [count, ...entries] = tokens;
  if (![...count].every(isDigit) || Number(count) !== entries.length) throw new Bad('count');
  return entries;
}

/**
 * A CSV record's fields, character by character: a field whose first non-whitespace character is `"` is quoted, and
 * holds everything up to a `"` not doubled (`""` is one quote); whitespace may follow the closing quote, anything
 * else there is `stray` (and read as text up to the delimiter); a `"` inside an unquoted field is text. `inQuotes`
 * starts inside a quoted field (a record's later line). `open`: a quoted field is open at the end.
 */
export function csvFields(text, delimiter, inQuotes = false) {
  const fields = [];
  let state = inQuotes ? 'quoted' : 'start';
  let field = '';
  let stray = false;
  for (let i = 0; i < text.length; i++) {
    if (state !== 'quoted' && text.startsWith(delimiter, i)) {
      fields.push(field);
      field = '';
      state = 'start';
      i += delimiter.length - 1;
      continue;
    }
    const c = text[i];
    if (state === 'start') {
      if (c === '"') {
        state = 'quoted';
        field = '';
      } else {
        field += c;
        if (!/\s/.test(c)) state = 'plain';
      }
    } else if (state === 'quoted') {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else state = 'after';
    } else if (state === 'after') {
      if (!/\s/.test(c)) stray = true;
    } else field += c;
  }
  fields.push(field);
  return { fields, open: state === 'quoted', stray };
}

/**
 * A file's records: one per line, or with `quoteOpen(text, inQuotes)` (formats with quoted fields) the lines of a
 * record whose quoted field holds line breaks, joined with LF and numbered by the first. A bad line inside such a
 * record makes it bad at that line; a record still open at the end is bad at its first line, and the lines after
 * that one are read again as records (so a stray quote costs one line). `span`: the lines it counts for. (The
 * loader's limit on an open record, 2^20 characters, is far above the fuzzed files.)
 */
function records(lines, quoteOpen) {
  const out = [];
  for (let k = 0; k < lines.length;) {
    const first = lines[k];
    if (!quoteOpen || first.bad || !quoteOpen(first.text, false)) {
      out.push({ ...first, line: k + 1, span: 1 });
      k++;
      continue;
    }
    const parts = [first.text];
    let j = k + 1;
    let closed = false;
    let badAt;
    for (; j < lines.length; j++) {
      if (lines[j].bad) {
        badAt = j;
        break;
      }
      parts.push(lines[j].text);
      if (!quoteOpen(lines[j].text, true)) {
        closed = true;
        break;
      }
    }
    if (badAt !== undefined) {
      out.push({ bad: lines[badAt].bad, line: k + 1, badLine: badAt + 1, span: badAt - k + 1 });
      k = badAt + 1;
    } else if (closed) {
      out.push({ text: parts.join('\n'), line: k + 1, span: j - k + 1 });
      k = j + 1;
    } else {
      out.push({ bad: 'columns', line: k + 1, span: 1 });
      k++;
    }
  }
  return out;
}

/**
 * Reference parsers, one per fuzzed format. Each `start(options)` returns `{ header?(text), line(text, n), finish }`:
 * `line` returns the row a line holds or throws Bad, and changes no state when it throws; `finish` turns the accepted
 * rows into the normalized result (see harness.mjs) or `{ error: line }`.
 */
export const REFERENCES = {
  movielens: () => {
    let separator;
    return {
      line(text, n) {
        const sep = separator ?? (text.includes('::') ? '::' : text.includes('\t') ? '\t' : undefined);
        if (sep === undefined) throw new Bad('columns');
        const fields = text.split(sep);
        if (fields.length !== 4) throw new Bad('columns');
        const row = { line: n, user: rawId(fields[0]), item: rawId(fields[1]) };
        row.value = decimal(fields[2]);
        row.timestamp = decimal(fields[3], 'timestamp');
        separator = sep;
        return row;
      },
      finish: (scan, options) => interactions(scan, options, { values: true, timestamps: true }),
    };
  },

  ncf: () => {
    let columns = 0;
    return {
      line(text, n) {
        const fields = text.split('\t');
        if (columns === 0 ? fields.length < 3 || fields.length > 4 : fields.length !== columns)
          throw new Bad('columns');
        const row = { line: n, user: denseId(fields[0]), item: denseId(fields[1]), value: decimal(fields[2]) };
        row.timestamp = fields.length === 4 ? decimal(fields[3], 'timestamp') : 0;
        columns = fields.length;
        return row;
      },
      // The first accepted line fixes the layout; every later one has the same number of columns.
      finish: (scan, options) => interactions(scan, options, { dense: true, values: true, timestamps: columns === 4 }),
    };
  },

  taobao: () => ({
    line(text, n) {
      const fields = text.split(',');
      if (fields.length !== 5) throw new Bad('columns');
      const [user, item, category] = fields.slice(0, 3).map(rawId);
      const behaviour = ['pv', 'cart', 'fav', 'buy'].indexOf(fields[3]);
      if (behaviour < 0) throw new Bad('behaviour');
      return { line: n, user, item, category, behaviour, timestamp: decimal(fields[4], 'timestamp') };
    },
    finish(scan, options) {
      const result = interactions(scan, options, { timestamps: true, behaviourNames: ['pv', 'cart', 'fav', 'buy'] });
      if (result.error !== undefined) return result;
      // Categories are read from every accepted row, before duplicates are merged.
      const itemIndex = new Map();
      const categoryIndex = new Map();
      const categories = [];
      let conflicts = 0;
      for (const row of scan.accepted) {
        if (!itemIndex.has(row.item)) itemIndex.set(row.item, itemIndex.size);
        if (!categoryIndex.has(row.category)) categoryIndex.set(row.category, categoryIndex.size);
        const item = itemIndex.get(row.item);
        const category = categoryIndex.get(row.category);
        if (item === categories.length) categories.push(category);
        else if (categories[item] !== category) conflicts++;
      }
      return { ...result, categories, categoryIds: [...categoryIndex.keys()], categoryConflicts: conflicts };
    },
  }),

  csv: (options) => {
    const { delimiter, columns } = options.csv;
    const roles = Object.keys(columns);
    const index = {};
    const names = [];
    // RFC 4180 quoting: a quoted field may hold the delimiter, line breaks and doubled quotes; text after its closing
    // quote makes the record bad.
    const fieldsOf = (text) => {
      const { fields, stray } = csvFields(text, delimiter);
      if (stray) throw new Bad('columns');
      return fields.map((field) => field.trim());
    };
    return {
      quoteOpen: (text, inQuotes) => csvFields(text, delimiter, inQuotes).open,
      header(text) {
        const header = fieldsOf(text);
        for (const role of roles) {
          index[role] = header.indexOf(columns[role]);
          if (index[role] < 0) throw new Bad('columns');
          // A name the header holds twice is ambiguous.
          if (header.lastIndexOf(columns[role]) !== index[role]) throw new Bad('columns');
        }
      },
      line(text, n) {
        const fields = fieldsOf(text);
        const last = Math.max(...roles.map((role) => index[role]));
        if (fields.length <= last) throw new Bad('columns');
        const row = { line: n, user: rawId(fields[index.user]), item: rawId(fields[index.item]) };
        if ('value' in index) row.value = decimal(fields[index.value]);
        if ('timestamp' in index) row.timestamp = decimal(fields[index.timestamp], 'timestamp');
        if ('behaviour' in index) {
          const name = fields[index.behaviour];
          if (name === '' || (!names.includes(name) && names.length === 256)) throw new Bad('behaviour');
          if (!names.includes(name)) names.push(name);
          row.behaviour = names.indexOf(name);
        }
        return row;
      },
      finish: (scan, opts) =>
        interactions(scan, opts, {
          values: 'value' in columns,
          timestamps: 'timestamp' in columns,
          behaviourNames: 'behaviour' in columns ? names : undefined,
        }),
    };
  },

  citeulike: () => ({
    line: (text, n) => counted(text).map((entry) => ({ line: n, user: n - 1, item: denseId(entry) })),
    finish(scan, options) {
      const flat = { ...scan, accepted: scan.accepted.flat() };
      return interactions(flat, options, { dense: true, numUsers: scan.dataLines });
    },
  }),

  'citeulike-content': () => ({
    line(text, n) {
      return {
        line: n,
        entries: counted(text).map((entry) => {
          const colon = entry.indexOf(':');
          if (colon < 0) throw new Bad('columns');
          return [denseId(entry.slice(0, colon)), decimal(entry.slice(colon + 1))];
        }),
      };
    },
    finish(scan) {
      const numRows = scan.dataLines;
      const rows = Array.from({ length: numRows }, () => []);
      for (const { line, entries } of scan.accepted) rows[line - 1] = entries;
      const ptr = [0];
      const indices = [];
      const values = [];
      for (const row of rows) {
        for (const [id, count] of row) {
          indices.push(id);
          values.push(Math.fround(count));
        }
        ptr.push(indices.length);
      }
      const numFeatures = indices.reduce((max, id) => Math.max(max, id + 1), 0);
      return { numRows, numFeatures, ptr, indices, values, report: report(scan, indices.length, 0) };
    },
  }),

  'ncf-negatives': () => ({
    line(text, n) {
      const fields = text.split('\t');
      const head = /^\(([0-9]+),([0-9]+)\)$/.exec(fields[0]);
      if (!head || fields.length < 2) throw new Bad('columns');
      return { line: n, user: denseId(head[1]), positive: denseId(head[2]), negatives: fields.slice(1).map(denseId) };
    },
    finish(scan) {
      const cases = scan.accepted;
      const counts = cases.map((c) => c.negatives.length);
      const frequency = new Map();
      for (const count of counts) frequency.set(count, (frequency.get(count) ?? 0) + 1);
      let common = 0;
      for (const [count, times] of frequency) {
        const best = frequency.get(common) ?? 0;
        if (times > best || (times === best && count > common)) common = count;
      }
      return {
        users: cases.map((c) => c.user),
        positives: cases.map((c) => c.positive),
        offsets: counts.reduce((offsets, count) => [...offsets, offsets[offsets.length - 1] + count], [0]),
        items: cases.flatMap((c) => c.negatives),
        perCase: {
          min: counts.reduce((min, count) => Math.min(min, count), counts.length > 0 ? Infinity : 0),
          max: counts.reduce((max, count) => Math.max(max, count), 0),
          common,
          differing: counts.filter((count) => count !== common).length,
        },
        report: report(scan, cases.length, 0),
      };
    },
  }),
};

/** The report fields a result is compared on. */
function report(scan, rows, duplicates) {
  return {
    lines: scan.dataLines,
    rows,
    skipped: scan.skipped.length,
    skippedLines: scan.skipped.slice(0, 10),
    duplicates,
  };
}

/**
 * Interaction rows from accepted rows: ids indexed by first appearance (raw formats) or kept (dense), then duplicates
 * merged by the policy (default keep-latest) — key (user, item[, behaviour]); keep-latest keeps the latest timestamp,
 * the later line on ties; sum adds the values (1 per row without a value column) into that row; error names the repeat
 * that comes first in the file.
 */
function interactions(scan, options, layout) {
  const policy = options.duplicates ?? 'keep-latest';
  const rows = scan.accepted;
  const userIds = new Map();
  const itemIds = new Map();
  const index = (map, id) => (map.has(id) ? map.get(id) : map.set(id, map.size).get(id));
  const users = rows.map((row) => (layout.dense ? row.user : index(userIds, row.user)));
  const items = rows.map((row) => (layout.dense ? row.item : index(itemIds, row.item)));
  const hasBehaviours = layout.behaviourNames !== undefined && layout.behaviourNames.length > 0;
  const values = layout.values || policy === 'sum' ? rows.map((row) => Math.fround(row.value ?? 1)) : undefined;
  const timestamps = layout.timestamps ? rows.map((row) => row.timestamp) : undefined;

  const groups = new Map();
  rows.forEach((row, r) => {
    const key = `${users[r]}\u0000${items[r]}\u0000${hasBehaviours ? row.behaviour : ''}`;
    if (groups.has(key)) groups.get(key).push(r);
    else groups.set(key, [r]);
  });
  const keep = new Set();
  let repeat = Infinity;
  for (const group of groups.values()) {
    if (group.length > 1) repeat = Math.min(repeat, group[1]);
    if (policy === 'keep-first') keep.add(group[0]);
    else {
      let best = group[0];
      for (const r of group.slice(1)) if (!timestamps || timestamps[r] >= timestamps[best]) best = r;
      if (policy === 'sum') values[best] = Math.fround(group.reduce((sum, r) => sum + values[r], 0));
      keep.add(best);
    }
  }
  if (policy === 'error' && repeat < Infinity) return { error: rows[repeat].line };
  const kept = rows.map((_, r) => r).filter((r) => policy === 'error' || keep.has(r));
  const pick = (column) => column && kept.map((r) => column[r]);
  const span = (ids) => ids.reduce((max, id) => Math.max(max, id + 1), 0);
  const numUsers = layout.dense ? Math.max(layout.numUsers ?? 0, span(users)) : userIds.size;
  const numItems = layout.dense ? span(items) : itemIds.size;
  return {
    users: pick(users),
    items: pick(items),
    values: pick(values),
    timestamps: pick(timestamps),
    behaviours: hasBehaviours ? kept.map((r) => rows[r].behaviour) : undefined,
    behaviourNames: hasBehaviours ? [...layout.behaviourNames] : [],
    userIds: layout.dense ? undefined : [...userIds.keys()],
    itemIds: layout.dense ? undefined : [...itemIds.keys()],
    numUsers,
    numItems,
    report: report(scan, kept.length, rows.length - kept.length),
  };
}

/**
 * What loading `bytes` as `format` must give: `{ error: line }` (0 for the whole file) or the normalized result.
 * Strict mode stops at the first bad line (record); lenient mode skips bad ones, but a UTF-16 file, a bad header and
 * the `'error'` duplicate policy still fail. Blank lines that end the file do not count; other blank lines are bad.
 */
export function expected(format, bytes, options) {
  const split = textLines(bytes);
  if (split.fileError) return { error: 0 };
  const parser = REFERENCES[format](options);
  const units = records(split.lines, parser.quoteOpen);
  let first = 0;
  if (options.header && units.length > 0) {
    first = 1;
    if (units[0].bad) return { error: units[0].badLine ?? 1 };
    try {
      parser.header?.(units[0].text);
    } catch (error) {
      if (error instanceof Bad) return { error: 1 };
      throw error;
    }
  }
  let last = units.length;
  while (last > first && units[last - 1].blank) last--;
  const accepted = [];
  const skipped = [];
  let dataLines = 0;
  for (let k = first; k < last; k++) {
    const unit = units[k];
    dataLines += unit.span;
    let bad = unit.bad ?? (unit.blank ? 'columns' : undefined);
    if (!bad) {
      try {
        accepted.push(parser.line(unit.text, unit.line));
      } catch (error) {
        if (!(error instanceof Bad)) throw error;
        bad = error.kind;
      }
    }
    if (bad) {
      const n = unit.badLine ?? unit.line;
      if (!options.lenient) return { error: n };
      skipped.push(n);
    }
  }
  if (last === first && !options.lenient) return { error: 0 };
  return parser.finish({ accepted, skipped, dataLines }, options);
}
