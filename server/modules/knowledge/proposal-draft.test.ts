import { describe, expect, it } from 'vitest';
import { buildDraft, pathBranched, type DraftSource, type DraftStep } from './proposal-draft';
import { validateRunbook } from './runbooks.service';

const claimedAt = new Date('2030-01-01T10:00:00Z');
const later = new Date('2030-01-01T10:30:00Z');

const step = (over: Partial<DraftStep>): DraftStep => ({
  kind: 'action',
  source: 'assistant',
  text: 'A check',
  command: null,
  expectedOutcome: null,
  answer: null,
  option: null,
  outcome: null,
  note: null,
  verification: [],
  actorUserId: null,
  answeredAt: null,
  ...over,
});

const source = (steps: DraftStep[], over: Partial<DraftSource> = {}): DraftSource => ({
  sessionId: '0f8e7d6c-1111-4222-8333-944455556666',
  problem: 'Since Monday the Ricoh at Harbor Dental will not scan to the shared folder.\nPrinting is fine.',
  problemSummary: 'Ricoh at Harbor Dental will not scan to the shared folder',
  problemDomain: 'printing',
  rootCause: 'The scanner still used SMB1, which the file server no longer accepts.',
  resolution: 'Enabled SMB2 on the Ricoh and re-entered the folder path.',
  facts: ['Printing works'],
  steps,
  claim: { userId: 'senior-1', name: 'Sam Senior', claimedAt },
  ...over,
});

const isValid = (rb: unknown) => !('problems' in validateRunbook(rb));

describe('proposal drafts', () => {
  it('an article has symptoms, cause, fix with commands in code blocks, what did not help, verify', () => {
    const draft = buildDraft(
      source([
        step({
          text: 'Restart the scanner',
          outcome: 'failed',
          actorUserId: 'tech-1',
          answeredAt: claimedAt,
        }),
        step({
          text: 'Enable SMB2 on the scanner',
          command: 'Set-SmbServerConfiguration -EnableSMB2Protocol $true',
          expectedOutcome: 'A test scan lands in the folder',
          outcome: 'worked',
          actorUserId: 'senior-1',
          answeredAt: later,
        }),
        step({
          kind: 'note',
          source: 'user',
          text: 'Firmware is 2019',
          actorUserId: 'senior-1',
          answeredAt: later,
        }),
      ]),
      isValid,
    );
    expect(draft.kind).toBe('article');
    if (draft.kind !== 'article') return;
    expect(draft.title).toBe('Ricoh at Harbor Dental will not scan to the shared folder');
    expect(draft.tags).toEqual(['printing']);
    const headings = draft.body.split('\n').filter((l) => l.startsWith('## '));
    expect(headings).toEqual(['## Symptoms', '## Cause', '## Fix', '## What did not help', '## Verify']);
    expect(draft.body).toContain('> Printing is fine.');
    expect(draft.body).toContain('- Printing works');
    expect(draft.body).toContain('Enabled SMB2 on the Ricoh');
    expect(draft.body).toContain(
      '1. Enable SMB2 on the scanner (Sam Senior, after picking up the escalation)',
    );
    expect(draft.body).toContain('   ```\n   Set-SmbServerConfiguration -EnableSMB2Protocol $true\n   ```');
    expect(draft.body).toContain('- Firmware is 2019');
    expect(draft.body).toMatch(/## What did not help\n\n- Restart the scanner/);
    expect(draft.body).toContain('- A test scan lands in the folder');
  });

  it('free text cannot add headings or close a code block early', () => {
    const draft = buildDraft(
      source([step({ text: 'Run it', command: 'echo ```\n## not a heading', outcome: 'worked' })], {
        rootCause: '## Injected heading',
      }),
      isValid,
    );
    if (draft.kind !== 'article') throw new Error('expected an article');
    expect(draft.body.split('\n').filter((l) => l.startsWith('## '))).toHaveLength(5);
    expect(draft.body).toContain('   ````\n   echo ```\n   ## not a heading\n   ````');
  });

  it('a branched path becomes a runbook that passes the published schema', () => {
    const steps = [
      step({ text: 'Ping the file server from the scanner', outcome: 'worked', expectedOutcome: 'Replies' }),
      step({ text: 'Scan with SMB1 disabled on the scanner', command: 'smb1 off', outcome: 'failed' }),
      step({ text: 'Enable SMB2 on the scanner', outcome: 'worked' }),
    ];
    expect(pathBranched(steps)).toBe(true);
    const draft = buildDraft(source(steps), isValid);
    expect(draft.kind).toBe('runbook');
    if (draft.kind !== 'runbook') return;
    const rb = draft.runbook as { id: string; steps: { id: string; on: Record<string, unknown> }[] };
    expect(rb.id).toMatch(/^ricoh-at-harbor-dental-will-not-scan-to-the-shared-folder-0f8e7d6c$/);
    expect(rb.steps).toHaveLength(3);
    expect(rb.steps[0]!.on).toEqual({ worked: { next: rb.steps[1]!.id }, failed: { contradicts: true } });
    expect(rb.steps[1]!.on).toEqual({ worked: { contradicts: true }, failed: { next: rb.steps[2]!.id } });
    // The last check worked: it is the fix.
    expect(rb.steps[2]!.on.worked).toEqual({ resolve: 'root-cause' });
  });

  it('a branched path ending in a failed check gets a final step that applies the resolution', () => {
    const steps = [
      step({ text: 'Check A', outcome: 'worked' }),
      step({ text: 'Check B', outcome: 'failed' }),
    ];
    const draft = buildDraft(source(steps), isValid);
    if (draft.kind !== 'runbook') throw new Error('expected a runbook');
    const rb = draft.runbook as { steps: { id: string }[] };
    expect(rb.steps.map((s) => s.id).at(-1)).toBe('apply-fix');
  });

  it('falls back to an article when the tree would not validate (no known domain)', () => {
    const steps = [
      step({ text: 'Check A', outcome: 'worked' }),
      step({ text: 'Check B', outcome: 'failed' }),
    ];
    expect(buildDraft(source(steps, { problemDomain: 'other' }), isValid).kind).toBe('article');
  });

  it('one check before the fix, or checks that all came out the same, is not a branched path', () => {
    expect(pathBranched([step({ outcome: 'worked' })])).toBe(false);
    expect(
      pathBranched([step({ text: 'A', outcome: 'failed' }), step({ text: 'Fix', outcome: 'worked' })]),
    ).toBe(false);
    expect(
      pathBranched([step({ text: 'A', outcome: 'failed' }), step({ text: 'B', outcome: 'failed' })]),
    ).toBe(false);
  });
});
