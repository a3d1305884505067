// Seeded mutations of a file's bytes: the damage real files suffer (cut downloads, bad bytes, editors' line endings,
// other encodings, joined files) and the harmless changes a loader must see through (BOM, CRLF, trailing blank lines).

/** A seeded generator (mulberry32): `next()` in [0, 1), `int(n)` in [0, n), `pick(array)`. */
export function random(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  return { next, int, pick: (array) => array[int(array.length)] };
}

const LF = 0x0a;
const bytes = (text) => Buffer.from(text, 'utf8');
const insert = (data, at, piece) => Buffer.concat([data.subarray(0, at), piece, data.subarray(at)]);

/** Offsets where lines start (0 and after each LF but the last byte). */
function lineStarts(data) {
  const starts = [0];
  for (let i = 0; i < data.length - 1; i++) if (data[i] === LF) starts.push(i + 1);
  return starts;
}

/** The line [start, end) around a random line start, end excluding its LF. */
function randomLine(rng, data) {
  const start = rng.pick(lineStarts(data));
  const lf = data.indexOf(LF, start);
  return [start, lf < 0 ? data.length : lf];
}

/** Replaces one separator-delimited field of a random line with `piece`. */
function replaceField(rng, data, separators, piece) {
  const [start, end] = randomLine(rng, data);
  const line = data.subarray(start, end).toString('latin1');
  const separator = separators.find((s) => line.includes(s)) ?? separators[0];
  const fields = line.split(separator);
  const k = rng.int(fields.length);
  const before = Buffer.from(
    fields
      .slice(0, k)
      .map((f) => f + separator)
      .join(''),
    'latin1',
  );
  const after = Buffer.from(
    fields
      .slice(k + 1)
      .map((f) => separator + f)
      .join(''),
    'latin1',
  );
  return Buffer.concat([data.subarray(0, start), before, piece, after, data.subarray(end)]);
}

// Non-ASCII ids: as UTF-8 they are valid, as Latin-1 bytes they are not UTF-8.
const ACCENTED = ['café', 'cafè', 'Zoë', 'naïve', 'Ångström'];

/**
 * The mutations, by name. Each takes (rng, data: Buffer, separators: string[]) and returns new bytes. `separators`
 * are the format's own (TAB, `,`, `::`, space, `:`, parentheses), the characters most likely to shift columns.
 */
export const MUTATIONS = {
  truncate: (rng, data) => data.subarray(0, rng.int(data.length + 1)),
  flipByte: (rng, data) => {
    if (data.length === 0) return data;
    const out = Buffer.from(data);
    const at = rng.int(out.length);
    out[at] = rng.next() < 0.5 ? rng.int(256) : out[at] ^ (1 << rng.int(8));
    return out;
  },
  flipToDigitOrLetter: (rng, data) => {
    if (data.length === 0) return data;
    const out = Buffer.from(data);
    out[rng.int(out.length)] = rng.pick(bytes('0123456789eE.-+xa ')); // still plausible text
    return out;
  },
  insertSeparator: (rng, data, separators) => insert(data, rng.int(data.length + 1), bytes(rng.pick(separators))),
  insertNewline: (rng, data) => insert(data, rng.int(data.length + 1), bytes('\n')),
  insertCr: (rng, data) => insert(data, rng.int(data.length + 1), bytes('\r')),
  insertNul: (rng, data) => insert(data, rng.int(data.length + 1), Buffer.from([0])),
  deleteBytes: (rng, data) => {
    const at = rng.int(data.length + 1);
    return Buffer.concat([data.subarray(0, at), data.subarray(at + 1 + rng.int(3))]);
  },
  duplicateLine: (rng, data) => {
    const [start, end] = randomLine(rng, data);
    const copy = Buffer.concat([data.subarray(start, end), bytes('\n')]);
    return insert(data, rng.pick(lineStarts(data)), copy);
  },
  swapLines: (rng, data) => {
    const text = data.toString('latin1').split('\n');
    const a = rng.int(text.length);
    const b = rng.int(text.length);
    [text[a], text[b]] = [text[b], text[a]];
    return Buffer.from(text.join('\n'), 'latin1');
  },
  utf8Id: (rng, data, separators) => replaceField(rng, data, separators, bytes(rng.pick(ACCENTED))),
  latin1Id: (rng, data, separators) => replaceField(rng, data, separators, Buffer.from(rng.pick(ACCENTED), 'latin1')),
  reencodeLatin1: (rng, data) => Buffer.from(data.toString('utf8'), 'latin1'),
  utf16: (rng, data) => {
    const le = Buffer.from(data.toString('utf8'), 'utf16le');
    const kind = rng.int(3);
    if (kind === 0) return Buffer.concat([Buffer.from([0xff, 0xfe]), le]);
    if (kind === 1) return Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(le).swap16()]);
    return le; // no byte-order mark: NUL bytes everywhere
  },
  bomAtStart: (rng, data) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), data]),
  bomInside: (rng, data) => insert(data, rng.pick(lineStarts(data)), Buffer.from([0xef, 0xbb, 0xbf])),
  trailingBlankLines: (rng, data) => {
    const blanks = Array.from({ length: 1 + rng.int(4) }, () => rng.pick(['', ' ', '\t', '\r', '  \t', '\u00a0']));
    const ending = rng.pick(['\n', '\r\n']);
    const head = data.length === 0 || data[data.length - 1] === LF ? '' : ending;
    return Buffer.concat([data, bytes(head + blanks.join(ending) + (rng.next() < 0.5 ? ending : ''))]);
  },
  blankLineInside: (rng, data) => insert(data, rng.pick(lineStarts(data)), bytes(rng.pick(['\n', ' \n', '\r\n']))),
  crlf: (rng, data) => Buffer.from(data.toString('latin1').replaceAll('\n', '\r\n'), 'latin1'),
  dropFinalNewline: (rng, data) => (data[data.length - 1] === LF ? data.subarray(0, data.length - 1) : data),
};

/** Applies 1 to 3 random mutations; returns the bytes and the names applied. */
export function mutate(rng, data, separators) {
  const names = Object.keys(MUTATIONS);
  const applied = [];
  let out = data;
  for (let k = 1 + rng.int(3); k > 0; k--) {
    const name = rng.pick(names);
    out = MUTATIONS[name](rng, out, separators);
    applied.push(name);
  }
  return { bytes: out, applied };
}
