import { ApiError } from '../../../api/client';
import { runbookSchema, type RunbookDocument } from '../../../../../shared/knowledge';
import type { RunbookDraft } from './draft';

/** One problem with a runbook, at a path written the way the server and the YAML loader write it. */
export interface RunbookIssue {
  path: string;
  message: string;
}

/** `steps[2].options[0].next`: the same spelling as the server's loader, so both sides' paths compare. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (out, p) => (typeof p === 'number' ? `${out}[${p}]` : out ? `${out}.${String(p)}` : String(p)),
    '',
  );
}

/**
 * Servers spell paths as arrays, `steps.2.next` or `steps[2].next`; all three become the form's key.
 * A leading `body` segment (request validation) is not part of the document.
 */
export function normalisePath(path: unknown): string {
  const raw: unknown[] = Array.isArray(path)
    ? path
    : String(path ?? '')
        .replace(/\[(\d+)\]/g, '.$1')
        .split('.')
        .filter(Boolean);
  const segments = raw.map((p) => (typeof p === 'number' || /^\d+$/.test(String(p)) ? Number(p) : String(p)));
  if (segments[0] === 'body') segments.shift();
  return formatPath(segments);
}

export type RunbookCheck = { ok: true; runbook: RunbookDocument } | { ok: false; issues: RunbookIssue[] };

/** Validates the draft with the very schema the server uses, so every message reads the same. */
export function checkDraft(draft: RunbookDraft): RunbookCheck {
  const result = runbookSchema.safeParse(draft);
  if (result.success) return { ok: true, runbook: result.data };
  return {
    ok: false,
    issues: result.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })),
  };
}

/** The `details` of a refused save (`INVALID_RUNBOOK`), or none when the refusal was about something else. */
export function serverIssues(error: unknown): RunbookIssue[] {
  if (!(error instanceof ApiError) || !Array.isArray(error.details)) return [];
  return (error.details as unknown[]).flatMap((d) => {
    if (typeof d !== 'object' || d === null) return [];
    const { path, message } = d as { path?: unknown; message?: unknown };
    return typeof message === 'string' ? [{ path: normalisePath(path), message }] : [];
  });
}

/** Looks issues up by path; `under` counts those inside a part, for the badge on each step and cause. */
export class IssueIndex {
  private readonly byPath = new Map<string, string[]>();

  constructor(readonly all: readonly RunbookIssue[]) {
    for (const { path, message } of all) {
      const list = this.byPath.get(path) ?? [];
      if (!list.includes(message)) list.push(message);
      this.byPath.set(path, list);
    }
  }

  /** Messages for exactly this path, joined for one line under the field. */
  at(path: string): string | undefined {
    const list = this.byPath.get(path);
    return list?.length ? list.join('; ') : undefined;
  }

  under(prefix: string): number {
    return this.all.filter(
      (i) => i.path === prefix || i.path.startsWith(`${prefix}.`) || i.path.startsWith(`${prefix}[`),
    ).length;
  }
}

/** A DOM id for the control that edits `path`, so the summary can move focus to it. */
export function fieldId(path: string): string {
  return `rb-${path.replace(/[^a-zA-Z0-9]+/g, '-').replace(/-$/, '') || 'root'}`;
}
