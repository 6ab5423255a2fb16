import { parseDocument } from '../../../knowledge/load';
import { IMPORT_LIMITS, REASONS } from './limits';
import { type Converted, failure } from './text';

/** Keys of the runbook format (shared/knowledge.ts): a document with any of them means to be a runbook. */
const RUNBOOK_KEYS = ['steps', 'causes', 'symptoms', 'verification', 'domain'];

const NOT_A_RUNBOOK =
  'not a runbook: a .yaml or .json file must hold one runbook (id, title, domain, symptoms, causes, steps, verification)';

/**
 * Counts the nodes of a parsed document, giving up past `max`. YAML aliases let a few hundred bytes
 * describe a tree of billions of nodes (shared references), which validation would then walk.
 */
function withinNodes(value: unknown, max: number): boolean {
  const stack: unknown[] = [value];
  let seen = 0;
  while (stack.length) {
    const v = stack.pop();
    if (++seen > max) return false;
    if (!v || typeof v !== 'object') continue;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (stack.length + seen > max) return false;
      stack.push(child);
    }
  }
  return true;
}

/**
 * A .yaml, .yml or .json file: one runbook document (validated later, where it is saved). Anything
 * else (a list, a config file, two documents) fails with the reason.
 */
export function convertStructured(name: string, text: string): Converted {
  let data: unknown;
  if (name.toLowerCase().endsWith('.json')) {
    try {
      data = JSON.parse(text);
    } catch (e) {
      return failure(`not valid JSON (${(e as Error).message})`);
    }
  } else {
    let parsed: ReturnType<typeof parseDocument>;
    try {
      parsed = parseDocument(text);
    } catch {
      // A parser that ran out of stack on absurd nesting.
      return failure(REASONS.complex);
    }
    if ('error' in parsed) return failure(`not valid YAML (${parsed.error})`);
    data = parsed.data;
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) return failure(NOT_A_RUNBOOK);
  if (!RUNBOOK_KEYS.some((k) => k in data)) return failure(NOT_A_RUNBOOK);
  if (!withinNodes(data, IMPORT_LIMITS.documentNodes)) return failure(REASONS.complex);
  return { kind: 'runbook', raw: data };
}
