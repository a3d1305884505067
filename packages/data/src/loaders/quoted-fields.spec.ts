import { describe, expect, it } from 'vitest';
import { problemOf } from '../test-support.js';
import { Random } from '../random.js';
import { quoteState, splitQuoted } from './quoted-fields.js';

describe('splitQuoted', () => {
  it('unquotes quoted fields: the delimiter, line breaks and doubled quotes inside are text', () => {
    expect(splitQuoted('1,"x, ""y""",3', ',')).toEqual(['1', 'x, "y"', '3']);
    expect(splitQuoted('"a\nb","",""""', ',')).toEqual(['a\nb', '', '"']);
    expect(splitQuoted('a,,"b",', ',')).toEqual(['a', '', 'b', '']);
    expect(splitQuoted('"a::b"::c::"d"', '::')).toEqual(['a::b', 'c', 'd']);
  });

  it('drops whitespace around the quotes but keeps it inside them and in unquoted fields', () => {
    expect(splitQuoted(' "a" , " b ",c ', ',')).toEqual(['a', ' b ', 'c ']);
    // With a whitespace delimiter the delimiter wins: each tab ends a field.
    expect(splitQuoted('"a"\t\t "b"', '\t')).toEqual(['a', '', 'b']);
    expect(splitQuoted('"a b" c', ' ')).toEqual(['a b', 'c']);
  });

  it('reads a quote inside an unquoted field as text', () => {
    expect(splitQuoted('12" vinyl,a"b"', ',')).toEqual(['12" vinyl', 'a"b"']);
  });

  it('refuses text after a closing quote, naming the column and showing the field', () => {
    const problem = problemOf(() => splitQuoted('a,"12" vinyl",b', ','));
    expect(problem.kind).toBe('columns');
    expect(problem.problem).toBe(
      'column 1 has text after its closing quote ("\\"12\\" vinyl\\""); a quote inside a quoted field is written ' +
        'twice ("")',
    );
  });

  it('refuses a quoted field that is not closed', () => {
    expect(problemOf(() => splitQuoted('a,"b', ',')).problem).toBe('the quoted field in column 1 is not closed');
  });
});

describe('quoteState', () => {
  it('says whether a line leaves a quoted field open, and whether it was opened on the line', () => {
    expect(quoteState('a,b', ',', false)).toBe('closed');
    expect(quoteState('a,"b', ',', false)).toBe('opened');
    expect(quoteState('a,"b""', ',', false)).toBe('opened');
    expect(quoteState('a,"b"""', ',', false)).toBe('closed');
    expect(quoteState('a"b', ',', false)).toBe('closed'); // a quote inside an unquoted field
    expect(quoteState('more, text', ',', true)).toBe('carried');
    expect(quoteState('end",c', ',', true)).toBe('closed');
    expect(quoteState('end",c,"d', ',', true)).toBe('opened');
    // Text after a closing quote runs to the delimiter, quotes included.
    expect(quoteState('"a"b"c', ',', false)).toBe('closed');
  });

  it('agrees with splitQuoted on random records written with RFC 4180 quoting', () => {
    const random = new Random(11);
    const pieces = ['a', '7', ' ', ',', ';', '"', '\n', 'é'];
    const text = (): string => Array.from({ length: random.int(6) }, () => pieces[random.int(pieces.length)]!).join('');
    for (let k = 0; k < 500; k++) {
      const delimiter = random.int(2) === 0 ? ',' : ';';
      const fields = Array.from({ length: 1 + random.int(4) }, text);
      // Quoted when it must be (a delimiter, quote, line break or surrounding whitespace inside), else at random.
      const written = fields.map((field) =>
        /[",;\n]/.test(field) || field.trim() !== field || random.int(2) === 0
          ? `"${field.replaceAll('"', '""')}"`
          : field,
      );
      const record = written.join(delimiter);
      expect(splitQuoted(record, delimiter), record).toEqual(fields);
      // Line by line, the record stays open until its last line and only there.
      const lines = record.split('\n');
      let open = false;
      lines.forEach((line, n) => {
        open = quoteState(line, delimiter, open) !== 'closed';
        expect(open, `${JSON.stringify(record)} line ${n}`).toBe(n < lines.length - 1);
      });
    }
  });
});
