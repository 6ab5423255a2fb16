import type { Schemas } from '../../api/client';

type ArticleRevision = Schemas['ArticleRevision'];

export interface LineChanges {
  added: number;
  removed: number;
}

export interface RevisionChanges {
  title: { from: string; to: string } | null;
  tags: { added: string[]; removed: string[] } | null;
  body: LineChanges | null;
}

const lines = (text: string) => text.replace(/\r\n?/g, '\n').split('\n');

/**
 * Lines added and removed between two texts, counted as multisets: a line that only moved counts as
 * unchanged. That is coarser than a real diff, but it is linear in size (articles may be long) and it
 * is all the history needs to say how big an edit was.
 */
export function countLineChanges(before: string, after: string): LineChanges {
  const remaining = new Map<string, number>();
  for (const line of lines(before)) remaining.set(line, (remaining.get(line) ?? 0) + 1);
  let added = 0;
  for (const line of lines(after)) {
    const left = remaining.get(line) ?? 0;
    if (left > 0) remaining.set(line, left - 1);
    else added += 1;
  }
  let removed = 0;
  for (const count of remaining.values()) removed += count;
  return { added, removed };
}

/** What an edit changed, going from `older` to `newer`; each part is null when it did not change. */
export function compareRevisions(older: ArticleRevision, newer: ArticleRevision): RevisionChanges {
  const oldTags = new Set(older.tags);
  const newTags = new Set(newer.tags);
  const addedTags = newer.tags.filter((tag) => !oldTags.has(tag));
  const removedTags = older.tags.filter((tag) => !newTags.has(tag));
  return {
    title: older.title === newer.title ? null : { from: older.title, to: newer.title },
    tags: addedTags.length || removedTags.length ? { added: addedTags, removed: removedTags } : null,
    body: older.body === newer.body ? null : countLineChanges(older.body, newer.body),
  };
}

/** One short sentence per changed part, e.g. ["Title changed", "Text: +3 −1 lines"]. */
export function describeChanges(changes: RevisionChanges): string[] {
  const parts: string[] = [];
  if (changes.title) parts.push(`Title changed from “${changes.title.from}”`);
  if (changes.tags) {
    const tagParts = [
      ...changes.tags.added.map((tag) => `+${tag}`),
      ...changes.tags.removed.map((tag) => `−${tag}`),
    ];
    parts.push(`Tags changed: ${tagParts.join(', ')}`);
  }
  if (changes.body) {
    const { added, removed } = changes.body;
    parts.push(`Text: +${added} −${removed} lines`);
  }
  return parts.length ? parts : ['No changes'];
}
