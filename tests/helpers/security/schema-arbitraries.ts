import fc from 'fast-check';
import type { JsonSchema } from './openapi-operations';

/**
 * fast-check generators driven by the OpenAPI document's JSON Schemas: values the schema accepts
 * (with their boundaries), and values it must refuse — wrong types, out-of-range numbers, strings
 * too long or too short, unknown enum members, broken ids, control characters, unpaired surrogates,
 * deep nesting. Only the keywords the app's schemas use are understood.
 */

/** Ids a generator may use for a `format: uuid` string: real ones reach deeper than random ones. */
export type IdSource = () => string[];
/**
 * Values known to fit a body field of a given name (a member's id for `target_user_id`, an option
 * of a step for `option`, a deliverable address for `target`): random strings rarely get past the
 * rules behind the schema, these do.
 */
export type FieldHints = (field: string) => IdSource | undefined;

const typesOf = (s: JsonSchema): string[] => (Array.isArray(s.type) ? s.type : s.type ? [s.type] : []);

/** Strings that have broken parsers, queries and encoders elsewhere. */
export const NASTY_STRINGS = [
  '',
  ' ',
  '\t\n',
  'null',
  'undefined',
  'NaN',
  '-1',
  '1e309',
  '0x1F',
  '[]',
  '{}',
  "' OR '1'='1",
  '"; DROP TABLE sessions; --',
  '<script>alert(1)</script>',
  '../../../etc/passwd',
  '%00',
  '%',
  'a\u0000b',
  '\u0000',
  '\ud800',
  'x\udfffy',
  '\u202e\u200b\ufeff',
  '💥🔥👩‍👩‍👧',
  'Ｒｅｓｏｌｕｔｉｏｎ',
  'e\u0301\u0301\u0301',
  '00000000-0000-0000-0000-000000000000',
  'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
  '123e4567-e89b-12d3-a456-42661417400',
  '123e4567-e89b-12d3-a456-4266141740000',
  '{{id}}',
  'rfi_',
  'rfr_x',
];

const nastyString = fc.constantFrom(...NASTY_STRINGS);
const hugeString = fc.constantFrom(10_000, 100_000, 600_000).map((n) => 'x'.repeat(n));
export const hugeQueryValue = fc.constantFrom(2_000, 20_000).map((n) => 'q'.repeat(n));

/** Any JSON value at all, including deep nesting. */
const deep = fc.integer({ min: 30, max: 3000 }).map((depth) => {
  let v: unknown = 'bottom';
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { v };
  return v;
});
export const junkJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 2, arbitrary: nastyString },
  { weight: 1, arbitrary: deep },
  {
    weight: 1,
    arbitrary: fc.constantFrom(null, true, false, 0, -0, 1.5, -1, 2 ** 53, -(2 ** 63), 1e308, -1e308, [], {}),
  },
);

function anyString(min = 0, max = 200): fc.Arbitrary<string> {
  const cap = Math.min(max, 200);
  const units = ['grapheme', 'grapheme-ascii', 'binary'] as const;
  return fc.oneof(
    ...units.map((unit) => fc.string({ unit, minLength: Math.min(min, cap), maxLength: cap })),
    // The exact boundaries the schema allows.
    fc.constant('x'.repeat(min)),
    fc.constant('y'.repeat(max)),
  );
}

function validString(s: JsonSchema, ids: IdSource): fc.Arbitrary<string> {
  if (s.enum) return fc.constantFrom(...(s.enum as string[]));
  if (s.format === 'uuid')
    return fc.oneof({ weight: 4, arbitrary: pick(ids) }, { weight: 1, arbitrary: fc.uuid() });
  if (s.format === 'email') return fc.emailAddress().filter((e) => e.length <= (s.maxLength ?? 320));
  if (s.format === 'date-time')
    return fc
      .date({ min: new Date('1990-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
      .map((d) => d.toISOString());
  if (s.pattern) return fc.stringMatching(new RegExp(s.pattern));
  return anyString(s.minLength ?? 0, s.maxLength ?? 200);
}

/** A real id when there is one, else a random uuid. Reads the source at generation time (pools grow). */
export function pick(ids: IdSource): fc.Arbitrary<string> {
  return fc.tuple(fc.nat(), fc.uuid()).map(([n, fallback]) => {
    const pool = ids();
    return pool.length ? pool[n % pool.length]! : fallback;
  });
}

function validNumber(s: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const min = s.minimum ?? (integer ? -1_000_000 : -1e6);
  const max = s.maximum ?? (integer ? 1_000_000 : 1e6);
  const inner = integer
    ? fc.integer({ min, max })
    : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
  return fc.oneof({ weight: 3, arbitrary: inner }, { weight: 1, arbitrary: fc.constantFrom(min, max) });
}

/** A value `s` accepts. */
export function validValue(s: JsonSchema, ids: IdSource, hints?: FieldHints): fc.Arbitrary<unknown> {
  const choices = (s.anyOf ?? s.oneOf)?.filter((x) => typesOf(x)[0] !== 'null');
  if (choices?.length) return fc.oneof(...choices.map((c) => validValue(c, ids, hints)));
  const types = typesOf(s);
  const arbs = types.map((type): fc.Arbitrary<unknown> => {
    switch (type) {
      case 'string':
        return validString(s, ids);
      case 'integer':
        return validNumber(s, true);
      case 'number':
        return validNumber(s, false);
      case 'boolean':
        return fc.boolean();
      case 'null':
        return fc.constant(null);
      case 'array':
        return fc.array(s.items ? validValue(s.items, ids, hints) : fc.jsonValue(), {
          minLength: s.minItems ?? 0,
          maxLength: Math.min(s.maxItems ?? 4, 4),
        });
      case 'object':
        return validObject(s, ids, hints);
      default:
        return fc.jsonValue({ maxDepth: 2 });
    }
  });
  if (s.enum && types.length === 0) return fc.constantFrom(...s.enum);
  return arbs.length ? fc.oneof(...arbs) : fc.jsonValue({ maxDepth: 2 });
}

/** A field's value: from the schema, or (more often) one of the values known to fit a field of that name. */
function fieldValue(name: string, s: JsonSchema, ids: IdSource, hints?: FieldHints): fc.Arbitrary<unknown> {
  const plain = validValue(s, ids, hints);
  const known = hints?.(name);
  if (!known) return plain;
  const hinted = typesOf(s).includes('array')
    ? fc.array(pick(known), {
        minLength: Math.max(1, s.minItems ?? 0),
        maxLength: Math.min(s.maxItems ?? 3, 3),
      })
    : pick(known);
  return fc.oneof({ weight: 1, arbitrary: plain }, { weight: 2, arbitrary: hinted });
}

function validObject(
  s: JsonSchema,
  ids: IdSource,
  hints?: FieldHints,
): fc.Arbitrary<Record<string, unknown>> {
  const props = s.properties ?? {};
  const model = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, fieldValue(k, v, ids, hints)]));
  return fc.record(model, { requiredKeys: (s.required ?? []).filter((k) => k in props) }) as fc.Arbitrary<
    Record<string, unknown>
  >;
}

/** A value `s` should refuse (or, for a few mutations such as extra fields, accept): never a crash. */
export function invalidValue(s: JsonSchema): fc.Arbitrary<unknown> {
  const types = typesOf(s);
  const out: fc.Arbitrary<unknown>[] = [junkJson, nastyString];
  if (!types.includes('string')) out.push(anyString(0, 30));
  if (!types.includes('number') && !types.includes('integer')) out.push(fc.constantFrom(0, -1, 42, 3.14));
  if (!types.includes('object')) out.push(fc.constant({ unexpected: 'object' }));
  if (!types.includes('array')) out.push(fc.constant(['unexpected', 'array']));
  if (!types.includes('null')) out.push(fc.constant(null));
  if (!types.includes('boolean')) out.push(fc.boolean());
  if (s.enum)
    out.push(
      fc.constantFrom(...s.enum.map((e) => String(e).toUpperCase()), 'not-a-member', ` ${String(s.enum[0])}`),
    );
  if (types.includes('string')) {
    if (s.maxLength !== undefined) out.push(fc.constant('z'.repeat(s.maxLength + 1)));
    if (s.minLength) out.push(fc.constant('z'.repeat(s.minLength - 1)));
    if (s.format === 'uuid')
      out.push(fc.constantFrom('not-a-uuid', '123', 'g0000000-0000-0000-0000-000000000000'));
    if (s.format === 'email')
      out.push(fc.constantFrom('no-at-sign', '@example.test', 'a@', 'a b@example.test'));
    if (s.format === 'date-time')
      out.push(
        fc.constantFrom(
          'yesterday',
          '2024-13-45T99:99:99Z',
          '0000-00-00T00:00:00Z',
          '+275760-09-13T00:00:00.001Z',
        ),
      );
    out.push(hugeString);
  }
  if (types.includes('integer') || types.includes('number')) {
    const below = s.minimum !== undefined ? [s.minimum - 1] : [];
    const above = s.maximum !== undefined ? [s.maximum + 1] : [];
    out.push(fc.constantFrom(...below, ...above, 1e308, -1e308, 2 ** 63, 0.5, -0.0001));
    out.push(fc.constantFrom('1', '1.5', '', ' 3 '));
  }
  if (types.includes('array')) {
    out.push(fc.constant([]));
    out.push(fc.array(junkJson, { minLength: 1, maxLength: 60 }));
  }
  return fc.oneof(...out);
}

/**
 * An object for schema `s` with one thing wrong: a required field missing, a field of the wrong
 * kind, unknown fields added, or everything nested in junk.
 */
export function mutatedObject(s: JsonSchema, ids: IdSource, hints?: FieldHints): fc.Arbitrary<unknown> {
  const props = Object.keys(s.properties ?? {});
  const base = validValue(s, ids, hints) as fc.Arbitrary<Record<string, unknown>>;
  const mutations: fc.Arbitrary<unknown>[] = [
    fc
      .tuple(base, fc.dictionary(fc.string({ maxLength: 12 }), junkJson, { maxKeys: 4 }))
      .map(([o, extra]) => ({ ...extra, ...o })),
    fc
      .tuple(
        base,
        fc.constantFrom('__proto__', 'constructor', 'account_id', 'user_id', 'id', 'role', 'is_admin'),
      )
      .map(([o, k]) => ({
        ...o,
        [k]: k === 'account_id' ? '00000000-0000-0000-0000-000000000000' : { polluted: true },
      })),
  ];
  const required = s.required ?? [];
  if (required.length) {
    mutations.push(
      fc
        .tuple(base, fc.constantFrom(...required))
        .map(([o, k]) => Object.fromEntries(Object.entries(o).filter(([key]) => key !== k))),
    );
  }
  if (props.length) {
    const wrongField = fc
      .constantFrom(...props)
      .chain((k) => fc.tuple(fc.constant(k), invalidValue(s.properties![k]!)));
    mutations.push(fc.tuple(base, wrongField).map(([o, [k, v]]) => ({ ...o, [k]: v })));
    mutations.push(
      fc.tuple(base, wrongField, wrongField).map(([o, [k1, v1], [k2, v2]]) => ({ ...o, [k1]: v1, [k2]: v2 })),
    );
  }
  return fc.oneof(...mutations);
}
