import { describe, expect, it } from 'vitest';
import { distinctiveQueries } from './search-query';

describe('distinctive queries for the account search', () => {
  it('asks for rows sharing two words first, then rows sharing one', () => {
    expect(distinctiveQueries(['Spooler', 'kyocera', 'scan'])).toEqual([
      '(spooler & kyocera) | (spooler & scan) | (kyocera & scan)',
      'spooler | kyocera | scan',
    ]);
    expect(distinctiveQueries(['dmarc'])).toEqual(['dmarc']);
  });

  it('keeps what a tech typed from breaking the query syntax', () => {
    expect(distinctiveQueries(["o'brien", 'a&b|c', '!!'])).toEqual(['(obrien & abc)', 'obrien | abc']);
  });

  it('leaves out words the text-search configuration drops, so a pair never shrinks to one word', () => {
    // "him" is a PostgreSQL stop word: "(him & accountant)" would match every row with "accountant".
    expect(distinctiveQueries(['him', 'accountant', 'external'])).toEqual([
      '(accountant & external)',
      'accountant | external',
    ]);
    expect(distinctiveQueries(['him', 'these'])).toEqual([]);
    // A stop word takes no place among the five words a query is built from.
    expect(distinctiveQueries(['him', 'kanidm', 'nginx', 'upstream', '502', 'closed', 'header'])[1]).toBe(
      'kanidm | nginx | upstream | 502 | closed',
    );
  });
});
