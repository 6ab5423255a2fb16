import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load as parseYaml, YAMLException } from 'js-yaml';
import type { z } from 'zod';
import {
  errorCodeSchema,
  knownIssueSchema,
  runbookSchema,
  type ErrorCodeEntry,
  type KnownIssue,
  type RunbookDocument,
} from '../../shared/knowledge';

/** One problem found while loading: the file, the path inside it, and what is wrong. */
export type KnowledgeProblem = { file: string; path: string; message: string };

export type KnowledgeLibrary = {
  runbooks: RunbookDocument[];
  knownIssues: KnownIssue[];
  errorCodes: ErrorCodeEntry[];
  problems: KnowledgeProblem[];
};

/** The shipped library: one folder per kind at the top of the repository. */
export const SHIPPED_KNOWLEDGE_DIR = fileURLToPath(new URL('../../knowledge/', import.meta.url));

/** `steps[2].options[0].next`, the way people read a path in a YAML file. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (out, p) => (typeof p === 'number' ? `${out}[${p}]` : out ? `${out}.${String(p)}` : String(p)),
    '',
  );
}

/** Parses YAML or JSON text (JSON is YAML); the error names the line and column. */
export function parseDocument(source: string): { data: unknown } | { error: string } {
  try {
    return { data: parseYaml(source) };
  } catch (e) {
    return { error: e instanceof YAMLException ? yamlError(e) : 'not valid YAML or JSON' };
  }
}

/** Parses one runbook (YAML or JSON text); errors name the path of each offending value. */
export function parseRunbook(
  source: string,
): { runbook: RunbookDocument } | { errors: { path: string; message: string }[] } {
  const parsed = parseDocument(source);
  if ('error' in parsed) return { errors: [{ path: '', message: parsed.error }] };
  const r = runbookSchema.safeParse(parsed.data);
  if (r.success) return { runbook: r.data };
  return { errors: r.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })) };
}

/** "duplicated mapping key (12:3)": the reason and where, without the excerpt js-yaml appends. */
const yamlError = (e: YAMLException) => `${e.reason} at line ${e.mark.line + 1}, column ${e.mark.column + 1}`;

/**
 * Reports a plain (unquoted) value followed on its line by " #": YAML reads the rest as a comment,
 * so "press # to confirm" silently loads as "press". Such text must be quoted.
 */
function cutOffValueListener(source: string, file: string, problems: KnowledgeProblem[]) {
  return (event: string, state: { kind: string | null; result: unknown; position: number; line: number }) => {
    if (event !== 'close' || state.kind !== 'scalar' || typeof state.result !== 'string') return;
    // js-yaml may or may not have consumed the blanks after the value: step back over them.
    let end = state.position;
    while (source[end - 1] === ' ' || source[end - 1] === '\t') end--;
    if (`"'|>`.includes(source[end - 1] ?? '"')) return; // quoted or block text ends on its own
    const lineEnd = source.indexOf('\n', end);
    if (/^[ \t]+#/.test(source.slice(end, lineEnd === -1 ? undefined : lineEnd)))
      problems.push({
        file,
        path: `line ${state.line + 1}`,
        message: `the text is cut at " #" (YAML reads the rest as a comment): quote the value`,
      });
  };
}

function yamlFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return [];
  }
  return names.flatMap((n) => {
    const full = join(dir, n);
    if (statSync(full).isDirectory()) return yamlFiles(full);
    return /\.ya?ml$/.test(n) ? [full] : [];
  });
}

/**
 * Loads and validates every shipped file. Never throws on bad content: problems are returned with
 * their file and path so one broken file is reported precisely (the tests fail on any problem).
 */
export function loadKnowledgeLibrary(root = SHIPPED_KNOWLEDGE_DIR): KnowledgeLibrary {
  const lib: KnowledgeLibrary = { runbooks: [], knownIssues: [], errorCodes: [], problems: [] };
  const ids = new Map<string, string>();
  const codes = new Map<string, string>();

  const read = (file: string): unknown => {
    const name = relative(root, file);
    try {
      // The JSON round trip copies every string: js-yaml's values are slices of the file's text,
      // which would keep all 3 MB of the library's source alive for as long as the server runs.
      // (The schemas hold no dates, so nothing js-yaml would turn into a Date is lost.)
      const source = readFileSync(file, 'utf8');
      const parsed = parseYaml(source, { listener: cutOffValueListener(source, name, lib.problems) });
      return parsed === undefined ? undefined : JSON.parse(JSON.stringify(parsed));
    } catch (e) {
      lib.problems.push({
        file: name,
        path: '',
        message: e instanceof YAMLException ? yamlError(e) : String(e),
      });
      return undefined;
    }
  };
  const validate = <S extends z.ZodType>(
    schema: S,
    data: unknown,
    file: string,
    prefix: string,
  ): z.infer<S> | undefined => {
    const r = schema.safeParse(data);
    if (r.success) return r.data;
    for (const i of r.error.issues)
      lib.problems.push({
        file,
        path: `${prefix}${prefix && i.path.length ? '.' : ''}${formatPath(i.path)}`,
        message: i.message,
      });
    return undefined;
  };
  const claimId = (id: string, file: string, path: string) => {
    const first = ids.get(id);
    if (first) lib.problems.push({ file, path, message: `duplicate id "${id}" (first in ${first})` });
    else ids.set(id, file);
    return !first;
  };

  for (const file of yamlFiles(join(root, 'runbooks'))) {
    const name = relative(root, file);
    const data = read(file);
    if (data === undefined) continue;
    const rb = validate(runbookSchema, data, name, '');
    if (!rb) continue;
    const folder = name.split(/[\\/]/)[1];
    if (folder !== rb.domain)
      lib.problems.push({
        file: name,
        path: 'domain',
        message: `is "${rb.domain}" but the file sits in runbooks/${folder}/`,
      });
    if (claimId(rb.id, name, 'id')) lib.runbooks.push(rb);
  }

  const listOf = <S extends z.ZodType>(
    dir: string,
    schema: S,
    add: (item: z.infer<S>, file: string, path: string) => void,
  ) => {
    for (const file of yamlFiles(join(root, dir))) {
      const name = relative(root, file);
      const data = read(file);
      if (data === undefined) continue;
      if (!Array.isArray(data)) {
        lib.problems.push({ file: name, path: '', message: 'must be a list of items' });
        continue;
      }
      data.forEach((raw, i) => {
        const item = validate(schema, raw, name, `[${i}]`);
        if (item) add(item, name, `[${i}]`);
      });
    }
  };
  listOf('known-issues', knownIssueSchema, (ki, file, path) => {
    if (claimId(ki.id, file, `${path}.id`)) lib.knownIssues.push(ki);
  });
  listOf('error-codes', errorCodeSchema, (ec, file, path) => {
    // A hex code means the same in every family; a decimal one may not (SQL 233 is not Win32 233).
    const space = /^0x/i.test(ec.code) ? 'hex' : ec.family;
    const key = `${space}:${ec.code.toLowerCase()}${ec.log ? `@${ec.log.toLowerCase()}` : ''}`;
    const first = codes.get(key);
    if (first)
      lib.problems.push({
        file,
        path: `${path}.code`,
        message: `duplicate code "${ec.code}"${ec.log ? ` in ${ec.log}` : ''} (first in ${first})`,
      });
    else {
      codes.set(key, file);
      lib.errorCodes.push(ec);
    }
  });
  return lib;
}

/**
 * The shipped knowledge base as the build compiles it (server/ai/builtin/compile-knowledge.ts).
 * Named here because this file sits two folders deep, as the bundled server in dist/server does, so
 * the same relative address is right from the sources and from the build.
 */
export const COMPILED_KNOWLEDGE_BASE_FILE = fileURLToPath(
  new URL('../../dist/server/knowledge-base.bin', import.meta.url),
);

/**
 * What the compiled file is made from: the knowledge files, the schemas and loader that validate
 * them, and the engine code that turns them into items and an index. A change to any of them, say
 * under `npm run dev`, makes the compiled file stale.
 */
export const COMPILED_KNOWLEDGE_SOURCES = [
  '../../knowledge/',
  '../../shared/',
  '../../server/knowledge/',
  '../../server/ai/builtin/',
].map((p) => fileURLToPath(new URL(p, import.meta.url)));

function newestMtime(path: string): number {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return 0; // not there (a deployment without sources): nothing newer than the build
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((latest, n) => Math.max(latest, newestMtime(join(path, n))), stat.mtimeMs);
}

/**
 * A build's output, read with `read`, when it is newer than every file it was made from; else
 * undefined (missing, stale, or unreadable: the caller builds from the sources instead, so edits are
 * never hidden by a build).
 */
export function readIfCurrent<T>(
  file: string,
  sources: readonly string[],
  read: (file: string) => T,
): T | undefined {
  try {
    const builtAt = statSync(file).mtimeMs;
    if (sources.some((s) => newestMtime(s) > builtAt)) return undefined;
    return read(file);
  } catch {
    return undefined;
  }
}
