import { RUNBOOKS, RUNBOOKS_BY_ID } from '../runbooks';
import type { Runbook } from '../runbooks/types';
import { Bm25Index, type IndexedDoc } from './bm25';
import { codeMatcher, matchCodes, type CodeMatcher } from './error-codes';
import { NON_TECHNICAL_PREFIX, NON_TECHNICAL_TOPICS } from './non-technical';
import { extractErrorCodes, tokenize } from './text';

/** A resolved session of this account, as the knowledge search returns it. */
export type PastSession = {
  id: string;
  problem_summary: string;
  problem: string;
  root_cause: string | null;
  resolution_summary: string | null;
  runbook_id: string | null;
  facts: string[];
};

/** Full-text search over this account's resolved sessions; the engine stays free of SQL. */
export type PastSessionSearch = (words: string[]) => Promise<PastSession[]>;

export type Candidate = {
  kind: 'runbook' | 'session';
  id: string;
  title: string;
  score: number;
  /** Share of the query's idf weight this document matches (0..1). */
  coverage: number;
  error_codes: string[];
  runbook_id: string | null;
  past?: PastSession;
};

export type Retrieval = { candidates: Candidate[]; queryCodes: string[]; noMatch: boolean };

// An exact error-code hit outweighs any amount of word overlap.
const ERROR_CODE_BONUS = 12;
// Below this BM25 score nothing in the library is about the problem.
const MIN_SCORE = 7;

const FIELD_WEIGHTS = { title: 3, symptoms: 2, keywords: 2, codes: 2, causes: 1, steps: 0.5 };

function runbookDoc(rb: Runbook): IndexedDoc {
  return {
    id: rb.id,
    fields: [
      { text: rb.title, weight: FIELD_WEIGHTS.title },
      { text: rb.symptoms.join('. '), weight: FIELD_WEIGHTS.symptoms },
      { text: rb.keywords.join('. '), weight: FIELD_WEIGHTS.keywords },
      { text: rb.error_codes.join('. '), weight: FIELD_WEIGHTS.codes },
      { text: rb.causes.map((c) => c.text).join('. '), weight: FIELD_WEIGHTS.causes },
      { text: rb.steps.map((s) => s.text).join('. '), weight: FIELD_WEIGHTS.steps },
    ],
  };
}

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

/** How many words go to the database search: each OR-ed word widens the set of rows to rank. */
const SEARCH_WORDS = 6;

/**
 * The built-in engine's knowledge: the shipped runbooks (indexed once per process) plus the
 * account's resolved sessions (searched per query and scored with the same statistics).
 */
export class KnowledgeBase {
  private readonly index: Bm25Index;
  private readonly codes = new Map<string, CodeMatcher[]>();

  constructor(private readonly runbooks: readonly Runbook[] = RUNBOOKS) {
    this.index = new Bm25Index([
      ...runbooks.map(runbookDoc),
      ...NON_TECHNICAL_TOPICS.map((text, i) => ({ id: `${NON_TECHNICAL_PREFIX}${i}`, fields: [{ text, weight: 2 }] })),
    ]);
    for (const rb of runbooks) this.codes.set(rb.id, rb.error_codes.map(codeMatcher));
  }

  /**
   * The most distinctive content words of a query, raw (the database stems them itself). Words the
   * runbooks rarely or never use rank first: they are what sets this problem apart.
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
    return RUNBOOKS_BY_ID.get(id) ?? this.runbooks.find((r) => r.id === id);
  }

  async retrieve(text: string, searchPast?: PastSessionSearch, exclude: ReadonlySet<string> = new Set()): Promise<Retrieval> {
    const query = Bm25Index.queryTerms(text);
    const queryWeight = this.index.queryWeight(query) || 1;
    const queryCodes = extractErrorCodes(text);
    const candidates: Candidate[] = [];
    let nonTechnicalScore = 0;

    for (const hit of this.index.search(query)) {
      if (hit.id.startsWith(NON_TECHNICAL_PREFIX)) {
        nonTechnicalScore = Math.max(nonTechnicalScore, hit.score);
        continue;
      }
      if (exclude.has(hit.id)) continue;
      const rb = this.runbook(hit.id)!;
      const codes = matchCodes(this.codes.get(hit.id) ?? [], text, queryCodes);
      candidates.push({
        kind: 'runbook',
        id: rb.id,
        title: rb.title,
        score: hit.score + (codes.length ? ERROR_CODE_BONUS : 0),
        coverage: hit.matchedWeight / queryWeight,
        error_codes: codes,
        runbook_id: rb.id,
      });
    }
    // A runbook can match on its error code alone, e.g. a bare pasted event line.
    for (const rb of this.runbooks) {
      if (exclude.has(rb.id) || candidates.some((c) => c.id === rb.id)) continue;
      const codes = matchCodes(this.codes.get(rb.id) ?? [], text, queryCodes);
      if (codes.length) {
        candidates.push({ kind: 'runbook', id: rb.id, title: rb.title, score: ERROR_CODE_BONUS, coverage: 0, error_codes: codes, runbook_id: rb.id });
      }
    }

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
    const noMatch =
      !top || (top.error_codes.length === 0 && (top.score < MIN_SCORE || nonTechnicalScore >= top.score));
    return { candidates: candidates.slice(0, 8), queryCodes, noMatch };
  }
}
