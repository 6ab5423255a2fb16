import type { RunbookDocument } from '../../../../../shared/knowledge';
import type { RunbookRecord, RunbookSummary } from './api';

/** A small valid tree: a question whose "yes" leads to an action that resolves the only cause. */
export function makeRunbook(overrides: Partial<RunbookDocument> = {}): RunbookDocument {
  return {
    id: 'outlook-disconnected',
    title: 'Outlook stuck Disconnected',
    domain: 'email',
    symptoms: ['Outlook shows Disconnected'],
    keywords: ['Outlook', 'OST'],
    error_codes: ['0x8004010F'],
    causes: [
      {
        id: 'corrupt-ost',
        text: 'The local OST cache is damaged.',
        fix: 'Rename the OST file and restart Outlook.',
      },
    ],
    steps: [
      {
        id: 'check-owa',
        kind: 'question',
        text: 'Can the user read mail in Outlook on the web?',
        options: [
          { label: 'Yes, webmail is fine', value: 'owa-ok', next: 'rename-ost' },
          { label: 'No, webmail fails too', value: 'owa-broken', contradicts: true },
        ],
      },
      {
        id: 'rename-ost',
        kind: 'action',
        text: 'Rename the OST file and restart Outlook.',
        command: 'ren user.ost user.ost.old',
        expected_outcome: 'Outlook rebuilds the cache and shows Connected.',
        on: { worked: { resolve: 'corrupt-ost' }, failed: { contradicts: true } },
      },
    ],
    verification: ['New mail arrives within a minute.'],
    source: { title: 'Fix Outlook connection problems', url: 'https://support.microsoft.com/outlook' },
    ...overrides,
  };
}

export function makeRecord(overrides: Partial<RunbookRecord> = {}): RunbookRecord {
  return {
    runbook: makeRunbook(),
    origin: 'account',
    forked_from: null,
    source_label: 'Written here',
    created_at: '2025-05-01T09:00:00Z',
    updated_at: '2025-05-01T09:00:00Z',
    ...overrides,
  };
}

export function makeSummary(overrides: Partial<RunbookSummary> = {}): RunbookSummary {
  return {
    id: 'outlook-disconnected',
    title: 'Outlook stuck Disconnected',
    domain: 'email',
    origin: 'account',
    forked_from: null,
    source_label: 'Written here',
    updated_at: '2025-05-01T09:00:00Z',
    steps: 2,
    causes: 1,
    ...overrides,
  };
}
