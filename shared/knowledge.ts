import { z } from 'zod';

/**
 * The formats of knowledge the assistant searches. The runbook schema validates the shipped library
 * and, later, runbooks an account writes or imports; its JSON Schema is published by the API.
 * Structural rules (reachable steps, branches that point somewhere) are checked here too, so an
 * error always names the path of the offending value.
 */

export const KNOWLEDGE_DOMAINS = [
  'email',
  'm365',
  'identity',
  'active_directory',
  'network',
  'dns_dhcp',
  'wifi',
  'printing',
  'endpoint',
  'server',
  'backup',
  'security',
  'lob_apps',
  'macos',
  'mobile',
  'virtualization',
  'database',
  'firewall',
  'collaboration',
  'google_workspace',
  'cloud',
  'rmm',
] as const;
export type KnowledgeDomain = (typeof KNOWLEDGE_DOMAINS)[number];

export const SOURCE_KINDS = [
  'runbook',
  'known_issue',
  'error_code',
  'article',
  'session',
  'psa_ticket',
] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const kebabId = z
  .string()
  .regex(KEBAB, 'must be kebab-case (lowercase letters, digits and single hyphens)')
  .max(100);
const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);
const phrases = (min: number, max: number, len = 200) => z.array(text(len)).min(min).max(max);

/** A public page a reviewer can check an item against. */
export const vendorSourceSchema = z.strictObject({
  title: text(200),
  url: z.url({ protocol: /^https$/, error: 'must be an https URL' }),
});

const branchFields = {
  next: kebabId.optional(),
  resolve: kebabId.optional(),
  contradicts: z.literal(true).optional(),
};
const branchSchema = z.strictObject(branchFields);
const optionSchema = z.strictObject({ label: text(120), value: text(80), ...branchFields });

const questionStepSchema = z.strictObject({
  id: kebabId,
  kind: z.literal('question'),
  text: text(400),
  options: z
    .array(optionSchema)
    .min(2, 'a question needs 2–5 options')
    .max(5, 'a question needs 2–5 options'),
});
const actionStepSchema = z.strictObject({
  id: kebabId,
  kind: z.literal('action'),
  text: text(400),
  command: text(600).optional(),
  expected_outcome: text(400),
  on: z.strictObject({ worked: branchSchema, failed: branchSchema, partial: branchSchema.optional() }),
});

const causeSchema = z.strictObject({ id: kebabId, text: text(400), fix: text(1200) });

const runbookShape = z.strictObject({
  id: kebabId,
  title: text(160),
  domain: z.enum(KNOWLEDGE_DOMAINS),
  symptoms: phrases(1, 12),
  keywords: phrases(0, 30, 80).default([]),
  error_codes: phrases(0, 30, 80).default([]),
  causes: z.array(causeSchema).min(1).max(10),
  steps: z
    .array(z.discriminatedUnion('kind', [questionStepSchema, actionStepSchema]))
    .min(1)
    .max(30),
  verification: phrases(1, 8, 400),
  source: vendorSourceSchema.optional(),
});

type RunbookShape = z.infer<typeof runbookShape>;

/** Every branch must name exactly one target that exists; every step and cause must be reachable. */
function checkTree(rb: RunbookShape, ctx: z.RefinementCtx) {
  const issue = (path: (string | number)[], message: string) =>
    ctx.addIssue({ code: 'custom', path, message });
  const duplicates = (ids: string[], key: 'steps' | 'causes') =>
    ids.forEach((id, i) => {
      if (ids.indexOf(id) !== i) issue([key, i, 'id'], `duplicate id "${id}"`);
    });
  duplicates(
    rb.steps.map((s) => s.id),
    'steps',
  );
  duplicates(
    rb.causes.map((c) => c.id),
    'causes',
  );
  const stepIds = new Set(rb.steps.map((s) => s.id));
  const causeIds = new Set(rb.causes.map((c) => c.id));
  const edges = new Map<string, string[]>();
  const resolved = new Set<string>();

  rb.steps.forEach((step, i) => {
    const branches: [(string | number)[], z.infer<typeof branchSchema>][] =
      step.kind === 'question'
        ? step.options.map((o, j) => [['steps', i, 'options', j], o])
        : Object.entries(step.on).flatMap(([k, b]) =>
            b ? [[['steps', i, 'on', k], b] as [(string | number)[], typeof b]] : [],
          );
    if (step.kind === 'question') {
      const values = step.options.map((o) => o.value);
      values.forEach(
        (v, j) =>
          values.indexOf(v) !== j &&
          issue(['steps', i, 'options', j, 'value'], `duplicate option value "${v}"`),
      );
    }
    const targets: string[] = [];
    for (const [path, b] of branches) {
      const set = [b.next !== undefined, b.resolve !== undefined, b.contradicts !== undefined].filter(
        Boolean,
      ).length;
      if (set !== 1) {
        issue(path, 'needs exactly one of next, resolve or contradicts');
        continue;
      }
      if (b.next !== undefined) {
        if (!stepIds.has(b.next)) issue([...path, 'next'], `step "${b.next}" does not exist`);
        else if (b.next === step.id) issue([...path, 'next'], 'a step cannot lead to itself');
        else targets.push(b.next);
      }
      if (b.resolve !== undefined) {
        if (!causeIds.has(b.resolve)) issue([...path, 'resolve'], `cause "${b.resolve}" does not exist`);
        else resolved.add(b.resolve);
      }
    }
    edges.set(step.id, targets);
  });

  const reachable = new Set<string>();
  const queue = rb.steps[0] ? [rb.steps[0].id] : [];
  while (queue.length) {
    const id = queue.pop()!;
    if (reachable.has(id)) continue;
    reachable.add(id);
    queue.push(...(edges.get(id) ?? []));
  }
  rb.steps.forEach(
    (s, i) =>
      reachable.has(s.id) ||
      issue(['steps', i, 'id'], `step "${s.id}" cannot be reached from the first step`),
  );
  rb.causes.forEach(
    (c, i) =>
      resolved.has(c.id) ||
      issue(['causes', i, 'id'], `cause "${c.id}" is never reached by a resolve branch`),
  );
}

export const runbookSchema = runbookShape.superRefine(checkTree);
export type RunbookDocument = z.infer<typeof runbookSchema>;

export const knownIssueSchema = z.strictObject({
  id: kebabId,
  title: text(160),
  domain: z.enum(KNOWLEDGE_DOMAINS),
  symptoms: phrases(1, 10),
  keywords: phrases(0, 30, 80).default([]),
  error_codes: phrases(0, 20, 80).default([]),
  scope: text(200),
  cause: text(600),
  fix: text(1500),
  command: text(600).optional(),
  verify: text(500),
  source: vendorSourceSchema,
});
export type KnownIssue = z.infer<typeof knownIssueSchema>;

export const ERROR_CODE_FAMILIES = [
  'win32',
  'hresult',
  'windows_update',
  'installer',
  'servicing',
  'bitlocker',
  'stop_code',
  'aadsts',
  'smtp',
  'event',
  'nps_reason',
  'sql',
  'odbc',
  'office_activation',
  'intune',
  'ntstatus',
  'kerberos',
] as const;
export type ErrorCodeFamily = (typeof ERROR_CODE_FAMILIES)[number];

/** How each family writes its codes; a code that does not fit is a typo or an invented code. */
export const ERROR_CODE_PATTERNS: Record<ErrorCodeFamily, RegExp> = {
  win32: /^\d{1,5}$/,
  hresult: /^0x[0-9A-Fa-f]{8}$/,
  windows_update: /^0x[0-9A-Fa-f]{8}$/,
  installer: /^\d{4}$/,
  servicing: /^0x[0-9A-Fa-f]{8}$/,
  bitlocker: /^0x[0-9A-Fa-f]{8}$/,
  stop_code: /^0x[0-9A-Fa-f]{8}$/,
  aadsts: /^AADSTS\d{2,7}$/,
  smtp: /^[245]\.\d{1,3}\.\d{1,3}$/,
  event: /^Event \d{1,5}$/,
  nps_reason: /^NPS reason \d{1,3}$/,
  sql: /^\d{1,6}$/,
  odbc: /^[0-9A-Z]{5}$/,
  office_activation: /^0x[0-9A-Fa-f]{8}$/,
  intune: /^0x[0-9A-Fa-f]{8}$/,
  ntstatus: /^0x[0-9A-Fa-f]{8}$/,
  // Kerberos result and failure codes as the Security log prints them: 0x6, 0x18, 0x25.
  kerberos: /^0x[0-9A-Fa-f]{1,2}$/,
};

export const errorCodeSchema = z
  .strictObject({
    code: text(40),
    family: z.enum(ERROR_CODE_FAMILIES),
    name: z.string().trim().max(120).optional(),
    log: text(80).optional(),
    domain: z.enum(KNOWLEDGE_DOMAINS),
    meaning: text(400),
    causes: phrases(1, 6, 400),
    checks: phrases(1, 6, 600),
    source: vendorSourceSchema,
  })
  .superRefine((e, ctx) => {
    if (!ERROR_CODE_PATTERNS[e.family].test(e.code)) {
      ctx.addIssue({
        code: 'custom',
        path: ['code'],
        message: `"${e.code}" is not written the way ${e.family} codes are`,
      });
    }
    if (e.family === 'event' && !e.log)
      ctx.addIssue({ code: 'custom', path: ['log'], message: 'an event needs its log' });
  });
export type ErrorCodeEntry = z.infer<typeof errorCodeSchema>;

/** The runbook schema as JSON Schema (draft 2020-12), for editors and importers. */
export function runbookJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(runbookShape, { io: 'input' }),
    $id: '/api/v1/knowledge/schema/runbook.json',
    title: 'ResolutionFlow runbook',
    description:
      'A troubleshooting decision tree. The first step is the root; every option and outcome branch has exactly one of next (a step id), resolve (a cause id) or contradicts: true; every step and cause must be reachable.',
  };
}
