import { describe, expect, it } from 'vitest';
import { renameReferences, toDraft } from './draft';
import { normalisePath } from './issues';
import { makeRunbook } from './testFixtures';
import { replay } from './walk';

describe('runbook model', () => {
  it('reads server paths in every spelling as the form key', () => {
    expect(normalisePath('steps[2].options[1].next')).toBe('steps[2].options[1].next');
    expect(normalisePath('steps.2.options.1.next')).toBe('steps[2].options[1].next');
    expect(normalisePath(['steps', 2, 'on', 'worked'])).toBe('steps[2].on.worked');
    expect(normalisePath('body.causes.0.id')).toBe('causes[0].id');
    expect(normalisePath('')).toBe('');
  });

  it('keeps the known fields of an imported document and drops the rest', () => {
    const draft = toDraft({ ...makeRunbook(), owner: 'someone', domain: 'not-a-domain' });
    expect(draft).not.toHaveProperty('owner');
    expect(draft.domain).toBe('');
    expect(draft.steps[1]).toMatchObject({ kind: 'action', command: 'ren user.ost user.ost.old' });
    expect(toDraft(null).steps).toEqual([]);
  });

  it('does not spread a rename onto an id another step already has', () => {
    const draft = toDraft(makeRunbook());
    draft.steps[1]!.id = 'check-owa';
    expect(renameReferences(draft, 'next', 'rename-ost', 'check-owa')).toBe(draft);
  });

  it('stops a walk where the tree is broken, and where edits removed the way', () => {
    const options = [
      { label: 'Go', value: 'go', next: 'gone' },
      { label: 'Stop', value: 'stop', contradicts: true as const },
    ];
    const draft = toDraft(
      makeRunbook({ steps: [{ id: 'start', kind: 'question', text: 'Where?', options }] }),
    );
    const walk = replay(draft, [0, 0, 0]);
    expect(walk.trail.map((t) => t.answer)).toEqual(['Go']);
    expect(walk.stop).toEqual({
      kind: 'broken',
      reason: 'This answer leads to step “gone”, which does not exist.',
    });
  });
});
