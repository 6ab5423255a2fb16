import type { KnowledgeLibrary } from '../../knowledge/load';
import type { Runbook } from '../runbooks/types';
import type { BestMatch } from '../types';
import { Bm25Index, type Bm25Snapshot, type IndexedDoc, type SearchCut } from './bm25';
import { documentCause, documentIndexEntry, type AccountDocument } from './account-documents';
import { libraryItems, runbookItem, type CauseOption, type LibraryItem } from './library-items';
import { itEvidence, type ItEvidence } from './it-evidence';
import { RunbookPhrases, TitlePhrases, wordPairs } from './runbook-phrases';
import { NonItOdds } from './non-it-odds';
import { NON_TECHNICAL_PREFIX, NON_TECHNICAL_TOPICS } from './non-technical';
import { PRINTER_MAKERS, productsNamed, sameProduct, TitleProducts } from './products';
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

/** One item of the account's own knowledge that the search found. */
export type AccountMatch =
  ({ kind: 'session' } & PastSession) | AccountDocument | { kind: 'runbook'; runbook: Runbook };

/** What the engine may ask of the account's own knowledge; the engine stays free of SQL. */
export interface AccountKnowledge {
  /**
   * Resolved sessions, articles, PSA tickets and runbooks matching the distinctive words (most
   * distinctive first), plus the account's own copies (forks) of the given shipped runbooks, which
   * replace them.
   */
  search(words: string[], shippedRunbookIds: string[]): Promise<AccountMatch[]>;
}

/** The strongest candidate and how much of the problem it covers: no match counts as nothing. */
export function bestMatch(r: Pick<Retrieval, 'candidates' | 'noMatch'>): BestMatch {
  const top = r.noMatch ? undefined : r.candidates[0];
  if (!top) return { coverage: 0, source: null };
  const coverage = top.error_codes.length ? 1 : Math.round(top.coverage * 1000) / 1000;
  return { coverage, source: { kind: top.kind, id: top.id, title: top.title } };
}

/** For callers with no account (evaluations, tests): shipped knowledge only. */
export const NO_ACCOUNT_KNOWLEDGE: AccountKnowledge = { search: async () => [] };

/** An item as the knowledge base keeps it: no search text (indexed already), causes read on demand. */
export type ItemHead = Omit<LibraryItem, 'doc' | 'causes'>;
/** An item's causes by its id (the compiled knowledge base reads them from disk when asked). */
export type CausesOf = (itemId: string) => CauseOption[];

export type CandidateKind = LibraryItem['kind'] | 'session' | AccountDocument['kind'];

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
  /** An account runbook: its tree travels with the candidate (the shared index holds only shipped ones). */
  runbook?: Runbook;
  /** An article or PSA ticket: the cause and fix quoted from it at retrieval. */
  causes?: CauseOption[];
};

export type Retrieval = {
  candidates: Candidate[];
  queryCodes: string[];
  noMatch: boolean;
  nonTechnical: boolean;
};

/** The intake's word pairs weighed against a runbook's phrases or a title (see phraseWeights). */
type PhraseWeights = { any: boolean; ofRunbook: (id: string) => number; ofTitle: (title: string) => number };

// An exact error-code hit outweighs any amount of word overlap.
export const ERROR_CODE_BONUS = 12;
/**
 * Codes that name one error wherever they are pasted: HRESULTs of a component's own facility, Entra
 * AADSTS codes, symbolic names. Event IDs and plain numbers are reused by every event source and
 * product ("Event ID 1026" of .NET Runtime is not that of another log; "error 801" on a copier is not
 * the VPN error 801), and the generic HRESULTs (0x8000…, such as 0x8000FFFF "catastrophic failure",
 * and 0x8007…, a plain Win32 error such as access denied, also pasted as ERROR_ACCESS_DENIED) are
 * returned by anything.
 */
const SELF_IDENTIFYING_CODE = /^(?:0x(?!800[07])[0-9a-f]{8}|aadsts\d+|name:(?!error_).+)$/;
/**
 * A self-identifying code that exactly one item of the library is keyed by names that item: it
 * ranks at this share of the best word match at least, so its meaning is part of the first answer
 * (with the lead ratio of likely-causes.ts it also sets the problem's domain) even when the
 * description's words lean elsewhere. Measured on the long-tail development sets: +3, none lost.
 */
const UNIQUE_CODE_SHARE = 0.9;
// Below this BM25 score nothing in the library is about the problem.
const MIN_SCORE = 10;
// With no IT thing named (see it-evidence.ts) only a strong match counts: jargon the evidence list
// lacks still scores high ("DNS_PROBE_FINISHED_NXDOMAIN on every site"), while everyday words
// ("the printer room needs a new bin") only brush the library. On every evaluation set, non-IT
// requests naming no IT thing score at most 31 and such IT intakes mostly 60 and more; the non-IT
// topics (non-technical.ts) decide first, this floor catches a request none of them describes.
const MIN_SCORE_NO_IT_THING = 40;
/**
 * How strongly the non-IT topics must read against the best IT item before the request counts as
 * not IT, by the IT evidence of the intake (see it-evidence.ts). With no IT thing named, a weak
 * non-IT topic match decides ("my P60 never arrived"), though one stray topic word in a jargon-only
 * intake ("dcdiag fails, event 2042 on the branch DC") does not; an IT thing merely named ("check the
 * grammar in my email") yields to a non-IT topic half as strong; a failure told only after a non-IT
 * request ("how much leave have I left, the HR portal won't load") yields to one as strong; an IT
 * thing that fails ("payroll portal says account locked") is an IT problem in a business setting
 * unless the non-IT topic clearly dominates.
 */
const NON_TECHNICAL_RATIO: Record<ItEvidence, number> = { none: 0.25, object: 0.5, context: 1, symptom: 1.5 };
/** Below this share of the intake's weighted words, the best item may be a coincidence of words. */
const MOSTLY_COVERED = 0.5;
const FIELD_WEIGHTS = { title: 3, symptoms: 2, causes: 1 };
/**
 * Domains tied to a platform most tickets are not about: their items only count fully when the
 * intake names the platform (a Mac keychain prompt is not the answer to an Outlook prompt on a PC).
 */
const PLATFORM_DOMAINS: Record<string, RegExp> = {
  macos:
    /\b(?:mac|macs|macbooks?|imacs?|mac ?os|os x|finder|keychain|filevault|gatekeeper|sonoma|sequoia|ventura|monterey|time machine)\b/i,
  mobile:
    /\b(?:iphones?|ipads?|ios|ipados|androids?|intune|company portal|mdm|phone|phones|mobile|tablets?|abm|ade|autopilot(?:ed)?|enrol|enroll|enrolment|enrollment|apns|apple id|(?:non-?)?complian(?:t|ce))\b/i,
  // Google's own names for its admin tools (Microsoft says "admin center"; a Windows share is "the
  // shared drive", Google's feature "shared drives") count as naming it.
  google_workspace:
    /\b(?:google|gmail|workspace|gcpw|chromebooks?|drive for desktop|my drive|shared drives|admin console|gwsmo|gwmmo|gssmo)\b/i,
  printing: new RegExp(
    `\\b(?:print\\w*|copiers?|mfps?|mfds?|scan\\w*|fax\\w*|toner|ink|cartridges?|trays?|duplex|paper|jams?|spool\\w*|plotters?|labels?|(?:office|laser|desk|page|ink)jets?|papercut|cups|ipp|lpr|lpd|pcl|postscript|${PRINTER_MAKERS}|zebra|sharp|hp)\\b`,
    'i',
  ),
};
const OFF_PLATFORM_FACTOR = 0.4;
/** An item whose title names only other products than the intake does (see products.ts). */
const OTHER_PRODUCT_FACTOR = 0.6;
/**
 * The MSP's own knowledge of its own clients (articles, PSA tickets, runbooks, resolved sessions)
 * beats generic shipped advice of the same strength. Resolved sessions among 100,000 others
 * (bench/knowledge-eval/session-relevance.ts) were cited in the first answer for 60–61 of 100 cases
 * unboosted, 74 boosted, and led it for 28 and 55.
 */
export const ACCOUNT_BOOST = 1.3;

/**
 * Shared phrases may lift a runbook by at most this share of its own score: they settle near ties
 * between neighbouring runbooks, but one shared phrase ("keeps asking for password") must not
 * overturn a runbook the whole intake clearly reads as.
 */
const PHRASE_BONUS_CAP = 0.35;
/**
 * Across kinds, shared phrases (a runbook's, a known issue's title) lift an item by at most this
 * share: a near tie between a runbook on "shared mailbox missing" and a known issue that merely shares
 * "shared", "mailbox" and "assistant" goes to the one whose words stand together as in the intake.
 * Measured on the long-tail development sets: 897 → 904 of 1,213, runbook and non-IT figures unchanged.
 */
const CROSS_KIND_PHRASE_CAP = 0.15;

/**
 * How many of an intake's most distinctive words go to the account search: a few more than a query is
 * built from (search-query.ts), as the database drops some words as stop words.
 */
const SEARCH_WORDS = 8;
const KEPT_CANDIDATES = 12;
/**
 * Runbooks kept beyond that cut: known issues outnumber runbooks twenty to one, and a problem's
 * decision tree must not drop out of sight because a dozen narrow items share a few of its words.
 */
const KEPT_RUNBOOKS = 3;

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

/** A built knowledge base as plain values: the build writes the shipped one to disk (knowledge-base-file.ts). */
export type KnowledgeBaseSnapshot = {
  runbooks: Runbook[];
  items: ItemHead[];
  causes: CausesOf;
  index: Bm25Snapshot;
};

/**
 * The built-in engine's knowledge: every shipped item (runbooks, known issues, error codes) in one
 * index, plus the account's resolved sessions, searched per query and scored with the same
 * statistics so all kinds rank together. The shipped one is built once, by the build step
 * (`shippedKnowledgeBase`); tests build their own from a library.
 */
export class KnowledgeBase {
  private readonly index: Bm25Index;
  /** Word pairs of every shipped runbook's phrases, to choose between neighbouring runbooks. */
  private readonly runbookPhrases: RunbookPhrases;
  private readonly titlePhrases: TitlePhrases;
  private readonly items = new Map<string, ItemHead>();
  /** The item each document of the index is (a search hit's `doc`); null for a non-IT topic. */
  private readonly itemOfDoc: (ItemHead | null)[];
  private readonly runbooks = new Map<string, Runbook>();
  /** Canonical code → ids of the items keyed by it. */
  private readonly byCode = new Map<string, string[]>();
  private readonly titleProducts = new TitleProducts();
  /** Built on the first intake that needs it: most never do, and every server start builds a base. */
  private nonItOddsOnce?: NonItOdds;

  /** Indexes every item of a library, and the non-IT topics that tell a request is not IT. */
  static fromLibrary(library: KnowledgeLibrary): KnowledgeBase {
    const items = libraryItems(library);
    const index = Bm25Index.build([
      ...items.flatMap((i) => (i.doc ? [i.doc] : [])),
      ...NON_TECHNICAL_TOPICS.map((text, i) => ({
        id: `${NON_TECHNICAL_PREFIX}${i}`,
        fields: [{ text, weight: 2 }],
      })),
    ]);
    const causes = new Map(items.map((i) => [i.id, i.causes]));
    const heads = items.map(({ doc: _indexed, causes: _byId, ...head }) => head);
    return new KnowledgeBase(library.runbooks, heads, (id) => causes.get(id) ?? [], index);
  }

  static fromSnapshot(s: KnowledgeBaseSnapshot): KnowledgeBase {
    return new KnowledgeBase(s.runbooks, s.items, s.causes, new Bm25Index(s.index));
  }

  private constructor(
    runbooks: Runbook[],
    items: ItemHead[],
    private readonly itemCauses: CausesOf,
    index: Bm25Index,
  ) {
    for (const rb of runbooks) this.runbooks.set(rb.id, rb);
    for (const item of items) {
      this.items.set(item.id, item);
      for (const code of item.codes) this.byCode.set(code, [...(this.byCode.get(code) ?? []), item.id]);
    }
    this.runbookPhrases = new RunbookPhrases(runbooks);
    this.titlePhrases = new TitlePhrases((term) => index.termId(term), index.termCount);
    this.itemOfDoc = index.documentIds.map((id) => this.items.get(id) ?? null);
    this.index = index;
  }

  private get nonItOdds(): NonItOdds {
    return (this.nonItOddsOnce ??= new NonItOdds(this.index));
  }

  snapshot(): KnowledgeBaseSnapshot {
    return {
      runbooks: [...this.runbooks.values()],
      items: [...this.items.values()],
      causes: this.itemCauses,
      index: this.index.snapshot(),
    };
  }

  /** The shipped runbooks (or a test library's), in the library's order. */
  runbookList(): Runbook[] {
    return [...this.runbooks.values()];
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

  item(id: string): ItemHead | undefined {
    return this.items.get(id);
  }

  /** The causes a candidate proposes, account knowledge included. */
  causesOf(c: Candidate): CauseOption[] {
    if (c.causes) return c.causes;
    if (c.runbook) return runbookItem(c.runbook).causes;
    if (c.kind !== 'session') return this.items.has(c.id) ? this.itemCauses(c.id) : [];
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
    account?: AccountKnowledge,
    exclude: ReadonlySet<string> = new Set(),
  ): Promise<Retrieval> {
    const query = this.index.correct(Bm25Index.queryTerms(text));
    const queryWeight = this.index.queryWeight(query) || 1;
    const queryCodes = extractErrorCodes(text);
    const byId = new Map<string, Candidate>();
    let nonTechnicalScore = 0;

    // Mailbox names ("sales@", "billing@contoso.com") identify an address, not the topic of the
    // request: they do not count towards the non-IT topics.
    const addressTerms = new Set(tokenize(mailboxNames(text).join(' ')));
    const keyed = new Set(queryCodes.flatMap((code) => this.byCode.get(code) ?? []));
    // An event ID or a plain number is logged by many products: only a code that names one error
    // lifts its items over the discount for a platform or product the intake does not name.
    const exempt = new Set(
      queryCodes
        .filter((code) => SELF_IDENTIFYING_CODE.test(code))
        .flatMap((code) => this.byCode.get(code) ?? []),
    );
    const discount = this.discountFor(text);
    // The least score a known issue keeps after the discount, the only adjustment that lowers one.
    const sureScore = (item: ItemHead, score: number) =>
      exempt.has(item.id) ? score : score * discount(item);
    const shippedHits: { item: ItemHead; score: number; matchedWeight: number }[] = [];
    for (const hit of this.index.search(query, this.cutFor(keyed, exclude, sureScore))) {
      const item = this.itemOfDoc[hit.doc];
      if (!item) {
        const score =
          addressTerms.size > 0 && this.index.matchedTerms(query, hit.doc).some((t) => addressTerms.has(t))
            ? this.nonTechnicalScoreWithout(query, addressTerms, hit.id)
            : hit.score;
        nonTechnicalScore = Math.max(nonTechnicalScore, score);
      } else if (!exclude.has(hit.id)) {
        shippedHits.push({
          item,
          score: hit.score,
          matchedWeight: hit.matchedWeight,
        });
      }
    }
    for (const hit of this.hitsThatCanRank(shippedHits, keyed, sureScore))
      byId.set(hit.item.id, this.candidate(hit.item, hit.score, hit.matchedWeight / queryWeight));
    // Typos are corrected first, so "outlok" pairs as "outlook" does.
    const pairs = [...new Set(wordPairs(tokenize(text).map((t) => this.index.correctTerm(t))))];
    const phrases = this.phraseWeights(pairs);
    this.rankRunbooksAmongThemselves([...byId.values()], phrases);
    const phraseBonus = this.addPhraseBonus([...byId.values()], phrases);
    // Exact codes: an item keyed by a pasted code is a candidate even with no word in common.
    const bestWords = Math.max(0, ...[...byId.values()].map((c) => c.score));
    for (const code of queryCodes) {
      const keyed = this.byCode.get(code) ?? [];
      const bonus =
        keyed.length === 1 && SELF_IDENTIFYING_CODE.test(code)
          ? Math.max(ERROR_CODE_BONUS, UNIQUE_CODE_SHARE * bestWords)
          : ERROR_CODE_BONUS;
      for (const id of keyed) {
        if (exclude.has(id)) continue;
        const item = this.items.get(id)!;
        const c = byId.get(id) ?? this.candidate(item, 0, 0);
        if (!c.error_codes.includes(code)) {
          if (!c.error_codes.length) c.score += bonus;
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
      const factor = exempt.has(c.id) ? 1 : discount(c);
      if (factor < 1) {
        c.score *= factor;
        phraseBonus.set(c.id, (phraseBonus.get(c.id) ?? 0) * factor);
      }
    }
    // Whether anything matches is a question of how strongly the words match: phrases only reorder.
    const strongestWords = Math.max(
      0,
      ...[...byId.values()].map((c) => c.score - (phraseBonus.get(c.id) ?? 0)),
    );

    const own: Candidate[] = [];
    if (account) {
      const shippedRunbooks = [...byId.values()].filter((c) => c.kind === 'runbook').map((c) => c.id);
      const words = this.searchWords(text);
      const matches =
        words.length || shippedRunbooks.length ? await account.search(words, shippedRunbooks) : [];
      const shippedBest = [...byId.values()].reduce<Candidate | null>(
        (best, c) => (!best || c.score > best.score ? c : best),
        null,
      );
      const scoring = { query, queryWeight, queryCodes, covers, domain: shippedBest?.domain ?? 'other' };
      for (const m of matches) {
        // The account's copy of a shipped runbook replaces it, matched or not.
        if (m.kind === 'runbook') byId.delete(m.runbook.id);
        const c = this.accountCandidate(m, scoring);
        if (c && !exclude.has(c.id)) own.push(c);
      }
    }

    const candidates = [...byId.values(), ...own];
    candidates.sort((a, b) => b.score - a.score);
    const top = candidates[0];
    const evidence = itEvidence(text);
    const strongest = Math.max(strongestWords, ...own.map((c) => c.score));
    // A plain number or a generic code ("error 12" on a coffee machine) does not make a request IT.
    const nonTechnical =
      !!top &&
      !top.error_codes.some((code) => SELF_IDENTIFYING_CODE.test(code)) &&
      ((nonTechnicalScore > 0 && nonTechnicalScore >= NON_TECHNICAL_RATIO[evidence] * strongest) ||
        // No failure of an IT thing told, the best item covers less than half of the intake, and the
        // words read clearly like a non-IT request: the match is a coincidence of words.
        (evidence !== 'symptom' && top.coverage < MOSTLY_COVERED && this.nonItOdds.readsAsNonIt(text)));
    const floor = evidence === 'none' ? MIN_SCORE_NO_IT_THING : MIN_SCORE;
    const noMatch = !top || nonTechnical || (top.error_codes.length === 0 && strongest < floor);
    return {
      candidates: keptCandidates(candidates),
      queryCodes,
      noMatch,
      nonTechnical: !top ? nonTechnicalScore > 0 : nonTechnical,
    };
  }

  /**
   * The factor that lowers an item the intake is not about, for one query: a platform-tied domain
   * the intake does not name (PLATFORM_DOMAINS), a title naming only other products than the intake
   * does (products.ts). Items keyed by a pasted self-identifying code are exempt (the caller skips them).
   */
  private discountFor(text: string): (item: { domain: string; title: string }) => number {
    const platformNamed = onceEach((domain: string) => PLATFORM_DOMAINS[domain]?.test(text) ?? true);
    const intakeProducts = productsNamed(text);
    return ({ domain, title }) =>
      (platformNamed(domain) ? 1 : OFF_PLATFORM_FACTOR) *
      (sameProduct(intakeProducts, this.titleProducts.of(title)) ? 1 : OTHER_PRODUCT_FACTOR);
  }

  /**
   * The hits `hitsThatCanRank` could pass, as a search cut (see SearchCut): known issues compete, a
   * known issue's sure score is its score after the discount (the only adjustment that lowers one), and
   * the most its title phrases can lift it is CROSS_KIND_PHRASE_CAP. Runbooks, items keyed by a pasted
   * code and the non-IT topics are kept whatever they score.
   */
  private cutFor(
    keyed: ReadonlySet<string>,
    exclude: ReadonlySet<string>,
    sureScore: (item: ItemHead, score: number) => number,
  ): SearchCut {
    return {
      competes: (doc) => {
        const item = this.itemOfDoc[doc];
        return !!item && item.kind !== 'runbook' && !exclude.has(item.id);
      },
      alwaysKeeps: (doc) => {
        const item = this.itemOfDoc[doc];
        return !item || item.kind === 'runbook' || keyed.has(item.id);
      },
      best: KEPT_CANDIDATES,
      sureScore: (doc, score) => sureScore(this.itemOfDoc[doc]!, score),
      maxLift: 1 + CROSS_KIND_PHRASE_CAP,
    };
  }

  /**
   * The word hits that can still matter once every adjustment below is made. A common word touches
   * most of the library, yet only the best dozen candidates are kept: a known issue whose score,
   * lifted by the most its title phrases can add, stays under the dozenth-best score a known issue is
   * sure to keep (after the discount, the only adjustment that lowers one) can neither be kept
   * nor be the strongest match, so it is not made a candidate at all. Runbooks are all kept and do not
   * set that floor (they swap scores among themselves before the discount applies), and every
   * item keyed by a pasted code is kept (its code bonus adds to its word score). The result is the
   * same as scoring every hit; it only skips the work.
   */
  private hitsThatCanRank<H extends { item: ItemHead; score: number }>(
    hits: H[],
    keyed: ReadonlySet<string>,
    sureScore: (item: ItemHead, score: number) => number,
  ): H[] {
    // The hits come best first and a sure score never exceeds its hit's score: once a hit scores
    // below the dozen best sure scores so far, none after it can join them.
    const best: number[] = [];
    for (const hit of hits) {
      if (best.length === KEPT_CANDIDATES && hit.score < best[KEPT_CANDIDATES - 1]!) break;
      if (hit.item.kind === 'runbook') continue;
      best.push(sureScore(hit.item, hit.score));
      best.sort((a, b) => b - a);
      if (best.length > KEPT_CANDIDATES) best.pop();
    }
    if (best.length < KEPT_CANDIDATES) return hits;
    const floor = best[KEPT_CANDIDATES - 1]!;
    return hits.filter(
      (h) =>
        h.item.kind === 'runbook' || keyed.has(h.item.id) || h.score * (1 + CROSS_KIND_PHRASE_CAP) >= floor,
    );
  }

  /**
   * Which runbook fits best is decided by BM25 plus the intake's word pairs found in the runbook's
   * own phrases (see runbook-phrases.ts); where runbooks stand against known issues and error codes
   * stays the BM25 call. The runbooks swap scores: the best runbook so judged takes the highest
   * score any runbook got, and so on down, so every other kind keeps its place in the first answer.
   * Measured on the team's development runbook cases: top-1 90.9 % → 95.4 %.
   */
  private rankRunbooksAmongThemselves(candidates: Candidate[], phrases: PhraseWeights) {
    const runbooks = candidates.filter((c) => c.kind === 'runbook');
    if (runbooks.length < 2 || !phrases.any) return;
    const judged = new Map(
      runbooks.map((c) => [c.id, c.score + Math.min(PHRASE_BONUS_CAP * c.score, phrases.ofRunbook(c.id))]),
    );
    const slots = runbooks.map((c) => c.score).sort((a, b) => b - a);
    runbooks.sort((a, b) => judged.get(b.id)! - judged.get(a.id)!).forEach((c, i) => (c.score = slots[i]!));
  }

  /**
   * The weight of the intake's word pairs in a runbook's phrases or a known issue's title, each worked
   * out once per query: runbooks are weighed both among themselves and against the other kinds, and
   * the same few words' idf is asked for hundreds of times.
   */
  private phraseWeights(pairs: string[]): PhraseWeights {
    const idf = onceEach((term: string) => this.index.idf(term));
    let titleIntake: Map<number, number> | undefined;
    return {
      any: pairs.length > 0,
      ofRunbook: onceEach((id: string) => this.runbookPhrases.matchedWeight(id, pairs, idf)),
      ofTitle: (title) =>
        this.titlePhrases.weight(title, (titleIntake ??= this.titlePhrases.intakeWeights(pairs, idf))),
    };
  }

  /**
   * Lifts runbooks by their phrases and known issues by their titles (see CROSS_KIND_PHRASE_CAP).
   * Returns each candidate's lift, which the no-match decision leaves out.
   */
  private addPhraseBonus(candidates: Candidate[], phrases: PhraseWeights): Map<string, number> {
    const lifts = new Map<string, number>();
    if (!phrases.any) return lifts;
    // A known issue below this score cannot reach the kept candidates, however much its title lifts
    // it: its title is not read (thousands of items share a common word with the intake).
    const scores = candidates.map((c) => c.score).sort((a, b) => b - a);
    const reachable = (scores[KEPT_CANDIDATES - 1] ?? 0) / (1 + CROSS_KIND_PHRASE_CAP);
    for (const c of candidates) {
      const weight =
        c.kind === 'runbook'
          ? phrases.ofRunbook(c.id)
          : c.kind === 'known_issue' && c.score >= reachable
            ? phrases.ofTitle(c.title)
            : 0;
      const lift = Math.min(CROSS_KIND_PHRASE_CAP * c.score, weight);
      c.score += lift;
      lifts.set(c.id, lift);
    }
    return lifts;
  }

  /** A non-IT topic's score for the query without the given terms. */
  private nonTechnicalScoreWithout(query: Map<string, number>, drop: Set<string>, id: string): number {
    const topic = NON_TECHNICAL_TOPICS[Number(id.slice(NON_TECHNICAL_PREFIX.length))] ?? '';
    const kept = new Map([...query].filter(([t]) => !drop.has(t)));
    return this.index.scoreExternal(kept, { id, fields: [{ text: topic, weight: 2 }] }).score;
  }

  /** Scores one item of the account's knowledge with the shared index's statistics. */
  private accountCandidate(
    m: AccountMatch,
    q: {
      query: Map<string, number>;
      queryWeight: number;
      queryCodes: string[];
      covers: (text: string) => number;
      domain: string;
    },
  ): Candidate | null {
    if (m.kind === 'session') {
      const s = this.index.scoreExternal(q.query, pastDoc(m));
      if (s.score <= 0) return null;
      return {
        kind: 'session',
        id: m.id,
        title: m.problem_summary,
        domain: m.domain ?? (m.runbook_id ? (this.runbooks.get(m.runbook_id)?.domain ?? 'other') : 'other'),
        // A fix this MSP found for this problem is worth as much as one it wrote down in an article.
        score: s.score * ACCOUNT_BOOST,
        coverage: s.matchedWeight / q.queryWeight,
        error_codes: [],
        runbook_id: m.runbook_id,
        past: m,
      };
    }
    if (m.kind === 'runbook') {
      const item = runbookItem(m.runbook);
      const s = this.index.scoreExternal(q.query, item.doc!);
      const codes = q.queryCodes.filter((code) => item.codes.includes(code));
      return {
        kind: 'runbook',
        id: m.runbook.id,
        title: m.runbook.title,
        domain: m.runbook.domain,
        score: s.score * ACCOUNT_BOOST + (codes.length ? ERROR_CODE_BONUS : 0),
        coverage: s.matchedWeight / q.queryWeight,
        error_codes: codes,
        runbook_id: m.runbook.id,
        runbook: m.runbook,
      };
    }
    const s = this.index.scoreExternal(q.query, documentIndexEntry(m));
    const codes = q.queryCodes.filter((code) => extractErrorCodes(`${m.title}\n${m.body}`).includes(code));
    if (s.score <= 0 && !codes.length) return null;
    return {
      kind: m.kind,
      id: m.id,
      title: m.title,
      // Articles carry no domain: they belong to the problem's, as the shipped evidence reads it.
      domain: q.domain,
      score: s.score * ACCOUNT_BOOST + (codes.length ? ERROR_CODE_BONUS : 0),
      coverage: s.matchedWeight / q.queryWeight,
      error_codes: codes,
      runbook_id: null,
      causes: [documentCause(m, q.covers)],
    };
  }

  private candidate(item: ItemHead, score: number, coverage: number): Candidate {
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

/** The best candidates, plus the best runbooks below the cut while fewer than KEPT_RUNBOOKS made it. */
function keptCandidates(sorted: Candidate[]): Candidate[] {
  const kept = sorted.slice(0, KEPT_CANDIDATES);
  let runbooks = kept.filter((c) => c.kind === 'runbook').length;
  for (const c of sorted.slice(KEPT_CANDIDATES)) {
    if (runbooks >= KEPT_RUNBOOKS) break;
    if (c.kind !== 'runbook') continue;
    kept.push(c);
    runbooks++;
  }
  return kept;
}

const MAILBOX_CHAR = /[\w.+-]/;

/**
 * The mailbox name of every address in a text: the run of word characters, dots, pluses and hyphens
 * right before each @. Scanned back from each @, in linear time (the lookahead regex it replaces
 * backtracked over every long word of a long text).
 */
function mailboxNames(text: string): string[] {
  const names: string[] = [];
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    let start = at;
    while (start > 0 && MAILBOX_CHAR.test(text[start - 1]!)) start--;
    if (start < at) names.push(text.slice(start, at));
  }
  return names;
}

/** `fn` with each key's result kept for the life of the returned function (one query). */
function onceEach<K, V>(fn: (key: K) => V): (key: K) => V {
  const done = new Map<K, V>();
  return (key) => {
    if (!done.has(key)) done.set(key, fn(key));
    return done.get(key)!;
  };
}
