import { describe, expect, it } from 'vitest';
import { csvCell, csvDocument } from './csv';

/** Splits one CSV line into cells as RFC 4180 reads it (quoted cells may hold separators). */
function parseLine(line: string, separator: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === separator) {
      cells.push(cell);
      cell = '';
    } else cell += ch;
  }
  cells.push(cell);
  return cells;
}

/** A cell a spreadsheet would evaluate: it starts (after leading whitespace) with a formula trigger. */
const isFormula = (cell: string) => /^\s*[=+\-@]/.test(cell) || /^[\t\r]/.test(cell);

describe('CSV cells', () => {
  it('the probe’s example: quoted, so a `;` list separator (Excel in many locales) cannot split it into a formula', () => {
    const line = ['Printer jam;=1+2;x', 'ok'].map(csvCell).join(',');
    expect(line).toBe('"Printer jam;=1+2;x",ok');
    // Whichever separator the spreadsheet uses, no cell starts with a formula.
    for (const separator of [',', ';', '\t']) {
      const cells = parseLine(line, separator);
      expect(cells.filter(isFormula), separator).toEqual([]);
    }
    expect(parseLine(line, ',')).toEqual(['Printer jam;=1+2;x', 'ok']);
    expect(parseLine(line, ';')).toEqual(['Printer jam;=1+2;x,ok']);
  });

  it('quotes any cell holding a comma, semicolon, tab, quote, CR or LF, doubling the quotes', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('a;b')).toBe('"a;b"');
    expect(csvCell('a\tb')).toBe('"a\tb"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line\r\nnext')).toBe('"line\r\nnext"');
    expect(csvCell('line\nnext')).toBe('"line\nnext"');
    expect(csvCell('plain text')).toBe('plain text');
  });

  it('defuses a cell that starts with =, +, -, @, tab or CR, also after leading whitespace (OWASP: a leading quote)', () => {
    const cases: [string, string][] = [
      ['=1+2', `"'=1+2"`],
      ['+1', `"'+1"`],
      ['-2+3', `"'-2+3"`],
      ['@SUM(A1)', `"'@SUM(A1)"`],
      ['\t=1', `"'\t=1"`],
      ['\r=1', `"'\r=1"`],
      ['  =1+2', `"'  =1+2"`],
      ['\n=1+2', `"'\n=1+2"`],
      ['=HYPERLINK("http://evil")', `"'=HYPERLINK(""http://evil"")"`],
    ];
    for (const [raw, cell] of cases) {
      expect(csvCell(raw), JSON.stringify(raw)).toBe(cell);
      for (const separator of [',', ';', '\t'])
        expect(parseLine(csvCell(raw), separator).filter(isFormula), JSON.stringify(raw)).toEqual([]);
    }
  });

  it('leaves numbers, dates and empty values as they are (a negative number is a number, not text)', () => {
    expect(csvCell(60)).toBe('60');
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(0.25)).toBe('0.25');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(new Date('2030-06-14T09:00:00Z'))).toBe('2030-06-14T09:00:00.000Z');
    expect(csvCell('a-b')).toBe('a-b');
  });

  it('a document: header and rows, CRLF line ends', () => {
    expect(
      csvDocument(
        ['id', 'problem'],
        [
          ['1', 'Printer jam;=1+2;x'],
          ['2', null],
        ],
      ),
    ).toBe('id,problem\r\n1,"Printer jam;=1+2;x"\r\n2,\r\n');
  });
});
