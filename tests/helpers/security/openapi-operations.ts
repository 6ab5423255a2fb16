import type { Database } from '../../../server/db/types';
import { createTestApp, type TestApp } from '../app';

/** A JSON Schema as the OpenAPI 3.1 document carries it (only the keywords the app's schemas use). */
export type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  default?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  additionalProperties?: boolean | JsonSchema;
};

export type Parameter = {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema: JsonSchema;
};

/** One operation of the document: `key` is `METHOD /path` with the document's `{param}` placeholders. */
export type Operation = {
  key: string;
  method: string;
  path: string;
  pathParams: Parameter[];
  queryParams: Parameter[];
  /** The JSON body schema, references resolved; undefined when the operation takes no body. */
  body: JsonSchema | undefined;
  /** True when the operation declares a security requirement (needs a signed-in caller). */
  authenticated: boolean;
};

type Document = {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: Parameter[];
        requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
        security?: unknown[];
      }
    >
  >;
  components?: { schemas?: Record<string, JsonSchema> };
};

/** The app's own OpenAPI document, read the way a client reads it. */
export async function fetchOpenApiDocument(app: TestApp['app']): Promise<Document> {
  const res = await app.request('/api/v1/openapi.json');
  if (res.status !== 200) throw new Error(`openapi.json answered ${res.status}`);
  return (await res.json()) as Document;
}

/** Replaces every `$ref` with the schema it names, so generators never look anything up. */
export function resolveRefs(
  schema: JsonSchema,
  components: Record<string, JsonSchema>,
  depth = 0,
): JsonSchema {
  if (depth > 20) throw new Error('schema nesting too deep (recursive $ref?)');
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = components[name];
    if (!target) throw new Error(`unknown schema ${schema.$ref}`);
    return resolveRefs(target, components, depth + 1);
  }
  const out: JsonSchema = { ...schema };
  if (schema.properties) {
    out.properties = Object.fromEntries(
      Object.entries(schema.properties).map(([k, v]) => [k, resolveRefs(v, components, depth + 1)]),
    );
  }
  if (schema.items) out.items = resolveRefs(schema.items, components, depth + 1);
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    if (schema[key]) out[key] = schema[key]!.map((s) => resolveRefs(s, components, depth + 1));
  }
  return out;
}

/** Every operation of the document, in document order. */
export function listOperations(doc: Document): Operation[] {
  const components = doc.components?.schemas ?? {};
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const params = (op.parameters ?? []).map((p) => ({ ...p, schema: resolveRefs(p.schema, components) }));
      const json = op.requestBody?.content?.['application/json']?.schema;
      ops.push({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        pathParams: params.filter((p) => p.in === 'path'),
        queryParams: params.filter((p) => p.in === 'query'),
        body: json ? resolveRefs(json, components) : undefined,
        authenticated: Array.isArray(op.security) && op.security.length > 0,
      });
    }
  }
  return ops;
}

export async function readOperations(app: TestApp['app']) {
  return listOperations(await fetchOpenApiDocument(app));
}

/**
 * The operations of the document before any database exists, so a test file can declare one test
 * per operation at load time. The document is built from the route schemas alone; the stand-in
 * database throws if anything touches it.
 */
export async function documentOperations(): Promise<Operation[]> {
  const untouchable = new Proxy({} as Database, {
    get: (_t, prop) => {
      if (prop === 'then') return undefined;
      throw new Error(`reading the OpenAPI document touched the database (${String(prop)})`);
    },
  });
  return readOperations(createTestApp(untouchable).app);
}

/** encodeURIComponent refuses unpaired surrogates; a client would send U+FFFD in their place. */
const wellFormed = (s: string) =>
  s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');

/** `/sessions/{id}/steps/{step_id}/answer` with the given values, URL-encoded, under /api/v1. */
export function fillPath(path: string, params: Record<string, string>): string {
  const filled = path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`no value for path parameter ${name} of ${path}`);
    return encodeURIComponent(wellFormed(value));
  });
  return `/api/v1${filled}`;
}

/**
 * Checks a table keyed by `METHOD /path` against the document: every operation must have a row and
 * every row must still be an operation. Returns the problems, empty when the table is complete.
 */
export function tableCoverage(operations: Operation[], tableKeys: Iterable<string>) {
  const documented = new Set(operations.map((o) => o.key));
  const listed = new Set(tableKeys);
  return {
    missing: [...documented].filter((k) => !listed.has(k)),
    stale: [...listed].filter((k) => !documented.has(k)),
  };
}
