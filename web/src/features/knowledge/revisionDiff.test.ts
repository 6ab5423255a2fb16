import { describe, expect, it } from 'vitest';
import { compareRevisions, countLineChanges, describeChanges } from './revisionDiff';
import type { Schemas } from '../../api/client';

type ArticleRevision = Schemas['ArticleRevision'];

const revision = (overrides: Partial<ArticleRevision>): ArticleRevision => ({
  id: 'r',
  title: 'VPN drops',
  body: 'a\nb\nc',
  tags: ['vpn'],
  edited_at: '2025-05-01T10:00:00Z',
  edited_by: null,
  ...overrides,
});

describe('revision diff', () => {
  it('counts added and removed lines, treating moved lines as unchanged', () => {
    expect(countLineChanges('a\nb\nc', 'a\nb\nc')).toEqual({ added: 0, removed: 0 });
    expect(countLineChanges('a\nb\nc', 'c\na\nb')).toEqual({ added: 0, removed: 0 });
    expect(countLineChanges('a\nb\nc', 'a\nB\nc\nd')).toEqual({ added: 2, removed: 1 });
    expect(countLineChanges('x\nx', 'x')).toEqual({ added: 0, removed: 1 });
    expect(countLineChanges('a\r\nb', 'a\nb')).toEqual({ added: 0, removed: 0 });
  });

  it('names each changed part of an edit', () => {
    const older = revision({});
    const newer = revision({ title: 'VPN drops on Wi-Fi', tags: ['vpn', 'wifi'], body: 'a\nb\nc\nd' });
    const changes = compareRevisions(older, newer);
    expect(changes.title).toEqual({ from: 'VPN drops', to: 'VPN drops on Wi-Fi' });
    expect(changes.tags).toEqual({ added: ['wifi'], removed: [] });
    expect(describeChanges(changes)).toEqual([
      'Title changed from “VPN drops”',
      'Tags changed: +wifi',
      'Text: +1 −0 lines',
    ]);
    expect(describeChanges(compareRevisions(older, older))).toEqual(['No changes']);
  });
});
