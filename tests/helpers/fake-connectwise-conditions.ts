/**
 * The part of ConnectWise's `conditions` language the fake's ticket list understands: clauses joined
 * by `and`, each `field op value` with a number, true/false, a quoted string or a [date]. Anything
 * else is refused (400), as ConnectWise refuses what it cannot parse, so a malformed query from the
 * integration fails a test instead of silently matching everything.
 */

type Clause = { field: string; op: '=' | '!=' | '<' | '<=' | '>' | '>='; value: number | boolean | string };

const CLAUSE = /^\s*([A-Za-z][\w/]*)\s*(<=|>=|!=|=|<|>)\s*(\[[^\]]+\]|"[^"]*"|'[^']*'|true|false|-?\d+)\s*$/i;

export class ConditionsError extends Error {}

export function parseConditions(raw: string | null): Clause[] {
  if (!raw?.trim()) return [];
  return raw.split(/\s+and\s+/i).map((part) => {
    const m = CLAUSE.exec(part);
    if (!m) throw new ConditionsError(`Cannot parse condition "${part.trim()}"`);
    const [, field, op, literal] = m as unknown as [string, string, Clause['op'], string];
    let value: Clause['value'];
    if (literal.startsWith('[')) {
      const at = Date.parse(literal.slice(1, -1));
      if (Number.isNaN(at)) throw new ConditionsError(`Not a date: ${literal}`);
      value = at;
    } else if (/^(true|false)$/i.test(literal)) value = literal.toLowerCase() === 'true';
    else if (/^-?\d+$/.test(literal)) value = Number(literal);
    else value = literal.slice(1, -1);
    return { field, op, value };
  });
}

/** Reads a (possibly nested, `board/name`) field; dates compare as epoch milliseconds. */
function read(row: Record<string, unknown>, field: string): unknown {
  let v: unknown = row;
  for (const key of field.split('/')) v = (v as Record<string, unknown> | null)?.[key];
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v)) return Date.parse(v);
  return v;
}

export function matches(row: Record<string, unknown>, clauses: Clause[]): boolean {
  return clauses.every(({ field, op, value }) => {
    const v = read(row, field);
    if (v === undefined || v === null) return op === '!=';
    switch (op) {
      case '=':
        return v === value;
      case '!=':
        return v !== value;
      case '<':
        return (v as number) < (value as number);
      case '<=':
        return (v as number) <= (value as number);
      case '>':
        return (v as number) > (value as number);
      case '>=':
        return (v as number) >= (value as number);
    }
  });
}
