import { KNOWLEDGE_DOMAINS, type KnowledgeDomain } from '../../../../../shared/knowledge';

/*
 * The editor's state is the runbook document itself, loosely typed so that half-written trees
 * (empty texts, branches without a target, dangling ids) can live in it while the shared schema
 * reports what is still wrong. Exporting or saving is then just serialising this object.
 */

export interface Branch {
  next?: string;
  resolve?: string;
  contradicts?: true;
}
export type DraftOption = { label: string; value: string } & Branch;
export interface DraftQuestion {
  id: string;
  kind: 'question';
  text: string;
  options: DraftOption[];
}
export interface DraftAction {
  id: string;
  kind: 'action';
  text: string;
  command?: string;
  expected_outcome: string;
  on: { worked: Branch; failed: Branch; partial?: Branch };
}
export type DraftStep = DraftQuestion | DraftAction;
export interface DraftCause {
  id: string;
  text: string;
  fix: string;
}
export interface RunbookDraft {
  id: string;
  title: string;
  domain: KnowledgeDomain | '';
  symptoms: string[];
  keywords: string[];
  error_codes: string[];
  causes: DraftCause[];
  steps: DraftStep[];
  verification: string[];
  source?: { title: string; url: string };
}

export const emptyOption = (): DraftOption => ({ label: '', value: '' });
export const emptyCause = (): DraftCause => ({ id: '', text: '', fix: '' });

export function emptyStep(kind: DraftStep['kind'], id = ''): DraftStep {
  return kind === 'question'
    ? { id, kind, text: '', options: [emptyOption(), emptyOption()] }
    : { id, kind, text: '', expected_outcome: '', on: { worked: {}, failed: {} } };
}

export function emptyDraft(): RunbookDraft {
  return {
    id: '',
    title: '',
    domain: '',
    symptoms: [''],
    keywords: [],
    error_codes: [],
    causes: [emptyCause()],
    steps: [emptyStep('question')],
    verification: [''],
  };
}

/** Switching kind keeps what both kinds share; the rest starts blank rather than guessing. */
export function changeStepKind(step: DraftStep, kind: DraftStep['kind']): DraftStep {
  if (step.kind === kind) return step;
  return { ...emptyStep(kind, step.id), text: step.text };
}

/** Which of the three targets a branch uses; `none` while the author has not chosen yet. */
export type BranchKind = 'next' | 'resolve' | 'contradicts' | 'none';

export function branchKind(b: Branch): BranchKind {
  if (b.next !== undefined) return 'next';
  if (b.resolve !== undefined) return 'resolve';
  if (b.contradicts !== undefined) return 'contradicts';
  return 'none';
}

/** Strips every target so exactly one can be set, keeping the option's own fields. */
export function withoutTarget<B extends Branch>(b: B): Omit<B, keyof Branch> {
  const copy: Branch = { ...b };
  delete copy.next;
  delete copy.resolve;
  delete copy.contradicts;
  return copy as Omit<B, keyof Branch>;
}

export function move<T>(list: readonly T[], from: number, to: number): T[] {
  if (to < 0 || to >= list.length) return [...list];
  const copy = [...list];
  const [item] = copy.splice(from, 1);
  copy.splice(to, 0, item as T);
  return copy;
}

/** Option values are machine keys; a slug of the label is what authors almost always want. */
export function slug(label: string): string {
  return label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
}

/**
 * After a step or cause id is renamed, branches that pointed at the old id follow it, unless another
 * item still carries the old id (then the reference may well be meant for that one).
 */
export function renameReferences(
  draft: RunbookDraft,
  key: 'next' | 'resolve',
  from: string,
  to: string,
): RunbookDraft {
  if (!from || from === to) return draft;
  const owners: { id: string }[] = key === 'next' ? draft.steps : draft.causes;
  // Renaming onto an id another item already has is a mistake the schema reports; do not spread it.
  if (owners.some((item) => item.id === from) || owners.filter((item) => item.id === to).length > 1)
    return draft;
  const follow = <B extends Branch>(b: B): B => (b[key] === from ? { ...b, [key]: to } : b);
  const steps = draft.steps.map((step): DraftStep => {
    if (step.kind === 'question') return { ...step, options: step.options.map(follow) };
    const on = { worked: follow(step.on.worked), failed: follow(step.on.failed) };
    return { ...step, on: step.on.partial ? { ...on, partial: follow(step.on.partial) } : on };
  });
  return { ...draft, steps };
}

/* ---------- reading a document of unknown shape (import, server answers) ---------- */

type Loose = Record<string, unknown>;
const isObject = (v: unknown): v is Loose => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const strList = (v: unknown) => (Array.isArray(v) ? v.map(str) : []);

function toBranch(v: unknown): Branch {
  if (!isObject(v)) return {};
  const b: Branch = {};
  if (v.next !== undefined) b.next = str(v.next);
  if (v.resolve !== undefined) b.resolve = str(v.resolve);
  if (v.contradicts === true) b.contradicts = true;
  return b;
}

function toStep(v: unknown): DraftStep {
  const s = isObject(v) ? v : {};
  if (s.kind === 'action') {
    const on = isObject(s.on) ? s.on : {};
    const step: DraftAction = {
      id: str(s.id),
      kind: 'action',
      text: str(s.text),
      expected_outcome: str(s.expected_outcome),
      on: { worked: toBranch(on.worked), failed: toBranch(on.failed) },
    };
    if (s.command !== undefined) step.command = str(s.command);
    if (on.partial !== undefined) step.on.partial = toBranch(on.partial);
    return step;
  }
  const options = Array.isArray(s.options) ? s.options : [];
  return {
    id: str(s.id),
    kind: 'question',
    text: str(s.text),
    options: options.map((o) => ({
      label: str(isObject(o) ? o.label : ''),
      value: str(isObject(o) ? o.value : ''),
      ...toBranch(o),
    })),
  };
}

/**
 * Turns parsed YAML/JSON into a draft the form can show. Fields the format does not have are dropped
 * (the form has nowhere to edit them); what was wrong in the kept fields is left for the schema to name.
 */
export function toDraft(data: unknown): RunbookDraft {
  const d = isObject(data) ? data : {};
  const domain = str(d.domain);
  const draft: RunbookDraft = {
    id: str(d.id),
    title: str(d.title),
    domain: (KNOWLEDGE_DOMAINS as readonly string[]).includes(domain) ? (domain as KnowledgeDomain) : '',
    symptoms: strList(d.symptoms),
    keywords: strList(d.keywords),
    error_codes: strList(d.error_codes),
    causes: (Array.isArray(d.causes) ? d.causes : []).map((c) => {
      const cause = isObject(c) ? c : {};
      return { id: str(cause.id), text: str(cause.text), fix: str(cause.fix) };
    }),
    steps: (Array.isArray(d.steps) ? d.steps : []).map(toStep),
    verification: strList(d.verification),
  };
  if (isObject(d.source)) draft.source = { title: str(d.source.title), url: str(d.source.url) };
  return draft;
}
