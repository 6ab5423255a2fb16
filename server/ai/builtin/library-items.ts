import type { ErrorCodeEntry, KnownIssue } from '../../../shared/knowledge';
import type { KnowledgeLibrary } from '../../knowledge/load';
import type { Runbook } from '../runbooks/types';
import type { Source } from '../types';
import type { IndexedDoc } from './bm25';
import { canonicalCode, extractErrorCodes, kerberosCode } from './text';

/** One cause an item proposes, with its fix: the unit the first answer ranks and the tech rules out. */
export type CauseOption = {
  /** Stable across turns: `<kind>:<item id>:<cause id>`. */
  key: string;
  cause: string;
  fix: string;
  command?: string;
  verification?: string[];
  source: Source;
};

/** A searchable piece of shipped knowledge, whatever its kind. */
export type LibraryItem = {
  kind: 'runbook' | 'known_issue' | 'error_code';
  id: string;
  title: string;
  domain: string;
  /** Canonical codes (see extractErrorCodes) that identify the item exactly. */
  codes: string[];
  causes: CauseOption[];
  /** Only runbooks and known issues are found by words; error codes only by their code. */
  doc: IndexedDoc | null;
};

// Title and symptoms describe the problem as people report it; causes and steps only support.
// Halves and whole numbers only: the index keeps their sums as 32-bit floats (bm25.ts), exactly.
const FIELD_WEIGHTS = { title: 3, symptoms: 2, keywords: 2, codes: 2, causes: 1, steps: 0.5 };

const canonicalCodes = (codes: string[]) => [
  ...new Set(codes.flatMap((c) => [...extractErrorCodes(c), canonicalCode(c)])),
];

export function runbookItem(rb: Runbook): LibraryItem {
  const source: Source = { kind: 'runbook', id: rb.id, title: rb.title };
  return {
    kind: 'runbook',
    id: rb.id,
    title: rb.title,
    domain: rb.domain,
    codes: canonicalCodes(rb.error_codes),
    causes: rb.causes.map((c) => ({
      key: `runbook:${rb.id}:${c.id}`,
      cause: c.text,
      fix: c.fix,
      verification: rb.verification,
      source,
    })),
    doc: {
      id: rb.id,
      fields: [
        { text: rb.title, weight: FIELD_WEIGHTS.title },
        { text: rb.symptoms.join('. '), weight: FIELD_WEIGHTS.symptoms },
        { text: rb.keywords.join('. '), weight: FIELD_WEIGHTS.keywords },
        { text: rb.error_codes.join('. '), weight: FIELD_WEIGHTS.codes },
        { text: rb.causes.map((c) => c.text).join('. '), weight: FIELD_WEIGHTS.causes },
        { text: rb.steps.map((s) => s.text).join('. '), weight: FIELD_WEIGHTS.steps },
      ],
    },
  };
}

function knownIssueItem(ki: KnownIssue): LibraryItem {
  const source: Source = { kind: 'known_issue', id: ki.id, title: ki.title };
  return {
    kind: 'known_issue',
    id: ki.id,
    title: ki.title,
    domain: ki.domain,
    codes: canonicalCodes(ki.error_codes),
    causes: [
      {
        key: `known_issue:${ki.id}:cause`,
        cause: ki.cause,
        fix: ki.fix,
        ...(ki.command ? { command: ki.command } : {}),
        verification: [ki.verify],
        source,
      },
    ],
    doc: {
      id: ki.id,
      fields: [
        { text: ki.title, weight: FIELD_WEIGHTS.title },
        { text: ki.symptoms.join('. '), weight: FIELD_WEIGHTS.symptoms },
        { text: [...ki.keywords, ki.scope].join('. '), weight: FIELD_WEIGHTS.keywords },
        { text: ki.error_codes.join('. '), weight: FIELD_WEIGHTS.codes },
        { text: ki.cause, weight: FIELD_WEIGHTS.causes },
      ],
    },
  };
}

/** The forms a tech may paste for one catalogue code, e.g. Win32 5 also as 0x80070005. */
function errorCodeKeys(e: ErrorCodeEntry): string[] {
  const keys = new Set<string>();
  const n = e.code.replace(/\D/g, '');
  switch (e.family) {
    case 'win32':
      keys.add(`error ${Number(n)}`);
      keys.add(`0x8007${Number(n).toString(16).padStart(4, '0')}`);
      // Tools such as repadmin print the bare hex too ("8453 (0x2105)"); short forms stay stop codes.
      if (Number(n) >= 0x1000) keys.add(`0x${Number(n).toString(16).padStart(8, '0')}`);
      break;
    case 'installer':
    case 'sql':
      keys.add(`error ${Number(n)}`);
      break;
    case 'aadsts':
      keys.add(`aadsts${n}`);
      keys.add(`error ${n}`);
      break;
    case 'event':
      keys.add(`event ${Number(n)}`);
      break;
    case 'nps_reason':
      keys.add(`nps reason ${Number(n)}`);
      break;
    case 'odbc':
      keys.add(`sqlstate ${e.code.toLowerCase()}`);
      break;
    case 'smtp':
      keys.add(e.code);
      break;
    case 'kerberos':
      keys.add(kerberosCode(e.code));
      break;
    default:
      keys.add(canonicalCode(e.code));
  }
  if (e.name && /_/.test(e.name)) keys.add(`name:${e.name.toLowerCase()}`);
  return [...keys];
}

function errorCodeItem(e: ErrorCodeEntry): LibraryItem {
  const id = `${e.family}-${e.code.toLowerCase().replace(/[^a-z0-9]+/g, '-')}${e.log ? `-${e.log.toLowerCase().replace(/[^a-z0-9]+/g, '-')}` : ''}`;
  const title = `${e.code}${e.name ? ` ${e.name}` : ''}${e.log ? ` (${e.log})` : ''}`;
  const source: Source = { kind: 'error_code', id, title };
  return {
    kind: 'error_code',
    id,
    title,
    domain: e.domain,
    codes: errorCodeKeys(e),
    // One cause per usual cause, all sharing the first checks: the tech rules them out one by one.
    causes: e.causes.map((c, i) => ({
      key: `error_code:${id}:${i}`,
      cause: `${e.code} means: ${e.meaning.replace(/\.$/, '')}. Usual cause: ${c}`,
      fix: e.checks.join(' '),
      source,
    })),
    doc: null,
  };
}

/** Every shipped item in one list, in a stable order. */
export function libraryItems(lib: KnowledgeLibrary): LibraryItem[] {
  return [
    ...lib.runbooks.map(runbookItem),
    ...lib.knownIssues.map(knownIssueItem),
    ...lib.errorCodes.map(errorCodeItem),
  ];
}
