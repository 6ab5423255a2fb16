import fc from 'fast-check';
import type { Operation, Parameter } from './openapi-operations';
import {
  hugeQueryValue,
  invalidValue,
  junkJson,
  NASTY_STRINGS,
  pick,
  validValue,
  mutatedObject,
  type FieldHints,
  type IdSource,
} from './schema-arbitraries';

/** One generated request for an operation: path values, query string and body (JSON or raw text). */
export type FuzzRequest = {
  params: Record<string, string>;
  query: Record<string, string>;
  body: { json: unknown } | { raw: string; contentType: string | undefined } | undefined;
};

/** Where real values come from: per path parameter, per body field, and `any` id seen so far. */
export type IdPools = {
  forParam: (op: Operation, name: string) => IdSource;
  any: IdSource;
  forField: FieldHints;
  /** Path values that only work together (a session and its current step), for operations with several. */
  paramSets: () => Record<string, string>[];
  /** Bodies known to be accepted, for operations whose rules go well beyond their schema. */
  examples: (op: Operation) => Record<string, unknown>[];
};

/** A known-good body, as is or with one field given another value (valid for its schema, or not). */
function fromExample(op: Operation, pools: IdPools): fc.Arbitrary<unknown> | undefined {
  const examples = pools.examples(op);
  const props = Object.entries(op.body?.properties ?? {});
  if (examples.length === 0 || props.length === 0) return undefined;
  const example = fc.constantFrom(...examples);
  const field = fc
    .constantFrom(...props)
    .chain(([k, schema]) =>
      fc.tuple(fc.constant(k), fc.oneof(validValue(schema, pools.any, pools.forField), invalidValue(schema))),
    );
  return fc.oneof(
    example,
    fc.tuple(example, field).map(([e, [k, v]]) => ({ ...e, [k]: v })),
  );
}

const asQueryText = (v: unknown) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? 'undefined'));

function pathValue(op: Operation, p: Parameter, pools: IdPools): fc.Arbitrary<string> {
  const junk = fc.oneof(
    fc.constantFrom(...NASTY_STRINGS.filter((s) => s !== '')),
    fc.constant('x'.repeat(3000)),
    fc.string({ minLength: 1, maxLength: 40 }),
  );
  return fc.oneof(
    { weight: 6, arbitrary: pick(pools.forParam(op, p.name)) },
    { weight: 2, arbitrary: pick(pools.any) },
    { weight: 1, arbitrary: validValue(p.schema, pools.any).map(asQueryText) },
    { weight: 2, arbitrary: junk },
  );
}

function queryValue(p: Parameter, pools: IdPools): fc.Arbitrary<string | undefined> {
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant(undefined) },
    { weight: 4, arbitrary: validValue(p.schema, pools.any).map(asQueryText) },
    { weight: 3, arbitrary: invalidValue(p.schema).map(asQueryText) },
    { weight: 1, arbitrary: hugeQueryValue },
  );
}

const RAW_BODIES = [
  '{',
  '{"a":',
  '[1,2',
  'null',
  '',
  'not json at all',
  '{"text": "\\ud800"}',
  '{"a":1}{"b":2}',
  '\u0000',
  '{"__proto__": {"admin": true}}',
];

function bodyValue(op: Operation, pools: IdPools): fc.Arbitrary<FuzzRequest['body']> {
  if (op.method === 'GET') return fc.constant(undefined);
  if (!op.body) {
    return fc.oneof(
      { weight: 4, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: junkJson.map((json) => ({ json })) },
    );
  }
  const schema = op.body;
  const raw = fc.oneof(
    fc.tuple(
      fc.constantFrom(...RAW_BODIES),
      fc.constantFrom('application/json', 'application/json; charset=latin1', undefined),
    ),
    // A valid body with the wrong content type, or a form post.
    fc.tuple(
      validValue(schema, pools.any).map((v) => JSON.stringify(v)),
      fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data', undefined),
    ),
    fc.tuple(fc.constant('a=1&b=2'), fc.constant('application/x-www-form-urlencoded')),
  );
  const example = fromExample(op, pools);
  return fc.oneof(
    ...(example ? [{ weight: 3, arbitrary: example.map((json) => ({ json })) }] : []),
    { weight: 4, arbitrary: validValue(schema, pools.any, pools.forField).map((json) => ({ json })) },
    { weight: 4, arbitrary: mutatedObject(schema, pools.any, pools.forField).map((json) => ({ json })) },
    { weight: 1, arbitrary: junkJson.map((json) => ({ json })) },
    { weight: 1, arbitrary: raw.map(([text, contentType]) => ({ raw: text, contentType })) },
  );
}

/** Requests for `op`: mostly shaped by its schemas, often subtly wrong, sometimes plain junk. */
export function requestArbitrary(op: Operation, pools: IdPools): fc.Arbitrary<FuzzRequest> {
  const separately = fc.record(
    Object.fromEntries(op.pathParams.map((p) => [p.name, pathValue(op, p, pools)])),
  );
  const names = op.pathParams.map((p) => p.name);
  const together = fc.nat().map((n) => {
    const sets = pools.paramSets().filter((set) => names.every((k) => k in set));
    return sets.length ? sets[n % sets.length]! : null;
  });
  const params =
    names.length > 1
      ? fc.oneof(separately, together).chain((set) => (set ? fc.constant(set) : separately))
      : separately;
  const known = fc.record(Object.fromEntries(op.queryParams.map((p) => [p.name, queryValue(p, pools)])));
  const extra = fc.dictionary(
    fc.constantFrom('foo', 'id', 'account_id', 'limit', 'scope', '__proto__', 'a[b]'),
    fc.constantFrom('1', '', 'x'.repeat(500)),
    { maxKeys: 2 },
  );
  const query = fc.tuple(known, extra).map(([k, e]) => {
    const q: Record<string, string> = { ...e };
    for (const [key, v] of Object.entries(k)) if (v !== undefined) q[key] = v as string;
    return q;
  });
  return fc.record({ params, query, body: bodyValue(op, pools) }) as fc.Arbitrary<FuzzRequest>;
}
