import { shippedKnowledge, type KnowledgeLibrary } from '../../knowledge/load';
import type { Runbook } from '../runbooks/types';
import { Bm25Index, type IndexedDoc } from './bm25';
import { libraryItems, type CauseOption, type LibraryItem } from './library-items';
import { NON_TECHNICAL_PREFIX, NON_TECHNICAL_TOPICS } from './non-technical';
import { extractErrorCodes, tokenize } from './text';

/** A resolved session of this account, as the knowledge search returns it. */
export type PastSession = {
  id: string;
  problem_summary: string;
  problem: string;
  /** The session's problem domain; absent in older callers. */
  domain?: string | null;
  root_cause: string | null;
  resolution_summary: string | null;
  runbook_id: string | null;
  facts: string[];
};

/** Full-text search over this account's resolved sessions; the engine stays free of SQL. */
export type PastSessionSearch = (words: string[]) => Promise<PastSession[]>;

export type CandidateKind = LibraryItem['kind'] | 'session';

export type Candidate = {
  kind: CandidateKind;
  id: string;
  title: string;
  domain: string;
  score: number;
  /** Share of the query's idf weight this document matches (0..1). */
  coverage: number;
  /** The query's codes this item is keyed by: an exact match. */
  error_codes: string[];
  runbook_id: string | null;
  past?: PastSession;
};

export type Retrieval = {
  candidates: Candidate[];
  queryCodes: string[];
  noMatch: boolean;
  nonTechnical: boolean;
};

// An exact error-code hit outweighs any amount of word overlap.
export const ERROR_CODE_BONUS = 12;
// Below this BM25 score nothing in the library is about the problem.
const MIN_SCORE = 10;
// A request that reads nearly as much like billing, HR or facilities as like any IT item is not IT.
const NON_TECHNICAL_RATIO = 0.5;
const FIELD_WEIGHTS = { title: 3, symptoms: 2, causes: 1 };
/**
 * Domains tied to a platform most tickets are not about: their items only count fully when the
 * intake names the platform (a Mac keychain prompt is not the answer to an Outlook prompt on a PC).
 */
const PLATFORM_DOMAINS: Record<string, RegExp> = {
  macos:
    /\b(?:mac|macs|macbook|imac|mac ?os|os x|finder|keychain|filevault|gatekeeper|sonoma|sequoia|ventura|monterey|time machine)\b/i,
  mobile:
    /\b(?:iphone|ipad|ios|ipados|android|intune|company portal|mdm|phone|phones|mobile|tablet|abm|ade|autopilot|enrol|enroll|enrolment|enrollment|apns)\b/i,
  google_workspace: /\b(?:google|gmail|workspace|gcpw|chromebook|drive for desktop)\b/i,
};
const OFF_PLATFORM_FACTOR = 0.4;

/** How many words go to the database search: each OR-ed word widens the set of rows to rank. */
const SEARCH_WORDS = 5;
const KEPT_CANDIDATES = 12;

function pastDoc(p: PastSession): IndexedDoc {
  return {
    id: p.id,
    fields: [
      { text: p.problem_summary, weight: FIELD_WEIGHTS.title },
      { text: p.problem, weight: FIELD_WEIGHTS.symptoms },
      { text: p.root_cause ?? '', weight: FIELD_WEIGHTS.symptoms },
      { text: p.resolution_summary ?? '', weight: FIELD_WEIGHTS.causes },
      { text: p.facts.join('. '), weight: FIELD_WEIGHTS.causes },
    ],
  };
}

/**
 * The built-in engine's knowledge: every shipped item (runbooks, known issues, error codes) in one
 * index built once per process, plus the account's resolved sessions, searched per query and
 * scored with the same statistics so all kinds rank together.
 */
export class KnowledgeBase {
  private readonly index: Bm25Index;
  private readonly items = new Map<string, LibraryItem>();
  private readonly runbooks = new Map<string, Runbook>();
  /** Canonical code → ids of the items keyed by it. */
  private readonly byCode = new Map<string, string[]>();

  constructor(library: KnowledgeLibrary = shippedKnowledge()) {
    const items = libraryItems(library);
    for (const rb of library.runbooks) this.runbooks.set(rb.id, rb);
    for (const item of items) {
      this.items.set(item.id, item);
      for (const code of item.codes) this.byCode.set(code, [...(this.byCode.get(code) ?? []), item.id]);
    }
    this.index = new Bm25Index([
      ...items.flatMap((i) => (i.doc ? [i.doc] : [])),
      ...NON_TECHNICAL_TOPICS.map((text, i) => ({
        id: `${NON_TECHNICAL_PREFIX}${i}`,
        fields: [{ text, weight: 2 }],
      })),
    ]);
  }

  get size() {
    return this.items.size;
  }

  /**
   * The most distinctive content words of a query, raw (the database stems them itself). Words the
   * library rarely or never uses rank first: they are what sets this problem apart.
   */
  searchWords(text: string): string[] {
    const seen = new Map<string, number>();
    for (const w of text.toLowerCase().match(/[a-z0-9]{3,}/g) ?? []) {
      const term = tokenize(w)[0];
      if (term && !seen.has(w)) seen.set(w, this.index.idf(term));
    }
    return [...seen.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, SEARCH_WORDS)
      .map(([w]) => w);
  }

  runbook(id: string): Runbook | undefined {
    return this.runbooks.get(id);
  }

  item(id: string): LibraryItem | undefined {
    return this.items.get(id);
  }

  /** The causes a candidate proposes, past sessions included. */
  causesOf(c: Candidate): CauseOption[] {
    if (c.kind !== 'session') return this.items.get(c.id)?.causes ?? [];
    const p = c.past;
    if (!p?.root_cause) return [];
    return [
      {
        key: `session:${p.id}:cause`,
        cause: p.root_cause,
        fix: p.resolution_summary ?? 'See the resolved session.',
        source: { kind: 'session', id: p.id, title: p.problem_summary },
      },
    ];
  }

  /**
   * How much of a query a piece of text covers (idf-weighted share, 0..1): ranks causes within an item.
   * The query is analysed once for all the texts it is compared with.
   */
  coverageOf(query: string): (text: string) => number {
    return this.coverageFor(this.index.correct(Bm25Index.queryTerms(query)));
  }

  private coverageFor(terms: Map<string, number>): (text: string) => number {
    const total = this.index.queryWeight(terms) || 1;
    return (text) =>
      this.index.scoreExternal(terms, { id: '', fields: [{ text, weight: 1 }] }).matchedWeight / total;
  }

  async retrieve(
    text: string,
    searchPast?: PastSessionSearch,
    exclude: ReadonlySet<string> = new Set(),
  ): Promise<Retrieval> {
    const query = this.index.correct(Bm25Index.queryTerms(text));
    const queryWeight = this.index.queryWeight(query) || 1;
    const queryCodes = extractErrorCodes(text);
    const byId = new Map<string, Candidate>();
    let nonTechnicalScore = 0;

    for (const hit of this.index.search(query)) {
      if (hit.id.startsWith(NON_TECHNICAL_PREFIX)) {
        nonTechnicalScore = Math.max(nonTechnicalScore, hit.score);
        continue;
      }
      if (exclude.has(hit.id)) continue;
      const item = this.items.get(hit.id)!;
      byId.set(item.id, this.candidate(item, hit.score, hit.matchedWeight / queryWeight));
    }
    // Exact codes: an item keyed by a pasted code is a candidate even with no word in common.
    for (const code of queryCodes) {
      for (const id of this.byCode.get(code) ?? []) {
        if (exclude.has(id)) continue;
        const item = this.items.get(id)!;
        const c = byId.get(id) ?? this.candidate(item, 0, 0);
        if (!c.error_codes.includes(code)) {
          if (!c.error_codes.length) c.score += ERROR_CODE_BONUS;
          c.error_codes.push(code);
        }
        byId.set(id, c);
      }
    }
    const covers = this.coverageFor(query);
    for (const c of byId.values()) {
      // Catalogue entries sharing a number (SQL 233 and Win32 233) are told apart by the words around it.
      if (c.kind === 'error_code')
        c.score +=
          2 *
          covers(
            this.causesOf(c)
              .map((x) => x.cause)
              .join(' '),
          );
      const platform = PLATFORM_DOMAINS[c.domain];
      if (platform && !c.error_codes.length && !platform.test(text)) c.score *= OFF_PLATFORM_FACTOR;
    }

    const candidates = [...byId.values()];
    if (searchPast) {
      const words = this.searchWords(text);
      const past = words.length ? await searchPast(words) : [];
      for (const p of past) {
        if (exclude.has(p.id)) continue;
        const s = this.index.scoreExternal(query, pastDoc(p));
        if (s.score <= 0) continue;
        candidates.push({
          kind: 'session',
          id: p.id,
          title: p.problem_summary,
          domain: p.domain ?? (p.runbook_id ? (this.runbooks.get(p.runbook_id)?.domain ?? 'other') : 'other'),
          score: s.score,
          coverage: s.matchedWeight / queryWeight,
          error_codes: [],
          runbook_id: p.runbook_id,
          past: p,
        });
      }
    }

    candidates.sort((a, b) => b.score - a.score);
    const top = candidates[0];
    const nonTechnical =
      !!top && top.error_codes.length === 0 && nonTechnicalScore >= NON_TECHNICAL_RATIO * top.score;
    const noMatch = !top || (top.error_codes.length === 0 && (top.score < MIN_SCORE || nonTechnical));
    return {
      candidates: candidates.slice(0, KEPT_CANDIDATES),
      queryCodes,
      noMatch,
      nonTechnical: !top ? nonTechnicalScore > 0 : nonTechnical,
    };
  }

  private candidate(item: LibraryItem, score: number, coverage: number): Candidate {
    return {
      kind: item.kind,
      id: item.id,
      title: item.title,
      domain: item.domain,
      score,
      coverage,
      error_codes: [],
      runbook_id: item.kind === 'runbook' ? item.id : null,
    };
  }
}
