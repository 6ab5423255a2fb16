import { BoundedMemo } from '../../lib/bounded-memo';
import { tokenize } from './text';

/** One searchable document: weighted fields of text. */
export type IndexedDoc = { id: string; fields: { text: string; weight: number }[] };

/** A document a search found; `doc` is its number in the index. */
export type SearchHit = { id: string; doc: number; score: number; matchedWeight: number };

const K1 = 1.2;
// Strong length normalisation: long runbooks with many keywords should not win on breadth alone.
const B = 0.9;
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const CORRECTIONS_KEPT = 5_000;

/**
 * Everything a built index holds, as plain values: what the build step writes to disk so that a
 * server start reads the shipped library's index instead of building it (about half a second of CPU
 * and 15 MiB of transient heap per process).
 */
export type Bm25Snapshot = {
  ids: string[];
  /** Term number t is `terms[t]`; its postings are `starts[t]…starts[t + 1]`. */
  terms: string[];
  lengths: Float64Array;
  starts: Int32Array;
  /**
   * Per posting: the document's number and the term's weighted frequency in it. Frequencies are sums
   * of field weights (halves and whole numbers), which 32-bit floats hold exactly at half the memory.
   */
  postingDocs: Int32Array;
  postingTf: Float32Array;
};

/**
 * BM25 with per-field weights (BM25F-style term frequencies). Built once for the shipped library;
 * past sessions and account items are scored with the same statistics so every kind ranks together.
 * Stored inverted, in flat typed arrays (a term's postings are the slice `starts[t]…starts[t + 1]`):
 * a query touches only the documents that share a term with it, and the index of a few thousand
 * items costs a few MiB, not a map per document or an array per term.
 */
export class Bm25Index {
  private readonly ids: string[];
  private readonly lengths: Float64Array;
  /** Term → its number t. */
  private readonly terms: Map<string, number>;
  private readonly starts: Int32Array;
  private readonly postingDocs: Int32Array;
  private readonly postingTf: Float32Array;
  private readonly avgLength: number;
  /** No typed word longer than this plus one can be a slip for an indexed one. */
  private readonly longestTerm: number;
  /**
   * Corrections already worked out (a word's slips cost a few hundred lookups, and one request
   * corrects the same text several times); emptied when full, so it stays small.
   */
  private readonly corrections = new BoundedMemo<string, string>(CORRECTIONS_KEPT);
  /** Per-document sums of one search, all zero between searches (see `search`). */
  private readonly scores: Float64Array;
  private readonly weights: Float64Array;

  /** An index of these documents. */
  static build(docs: IndexedDoc[]): Bm25Index {
    const building = new Map<string, { docs: number[]; tf: number[] }>();
    const lengths: number[] = [];
    docs.forEach((doc, n) => {
      const { tf, length } = analyse(doc);
      lengths.push(length);
      for (const [term, f] of tf) {
        let p = building.get(term);
        if (!p) building.set(term, (p = { docs: [], tf: [] }));
        p.docs.push(n);
        p.tf.push(f);
      }
    });
    let total = 0;
    for (const p of building.values()) total += p.docs.length;
    const starts = new Int32Array(building.size + 1);
    const postingDocs = new Int32Array(total);
    const postingTf = new Float32Array(total);
    let at = 0;
    let t = 0;
    for (const p of building.values()) {
      starts[t++] = at;
      postingDocs.set(p.docs, at);
      postingTf.set(p.tf, at);
      at += p.docs.length;
    }
    starts[t] = at;
    return new Bm25Index({
      ids: docs.map((d) => d.id),
      terms: [...building.keys()],
      lengths: Float64Array.from(lengths),
      starts,
      postingDocs,
      postingTf,
    });
  }

  /** The index a snapshot holds (see `snapshot`). */
  constructor(s: Bm25Snapshot) {
    this.ids = s.ids;
    this.lengths = s.lengths;
    this.terms = new Map(s.terms.map((term, t) => [term, t]));
    this.starts = s.starts;
    this.postingDocs = s.postingDocs;
    this.postingTf = s.postingTf;
    this.longestTerm = s.terms.reduce((n, term) => Math.max(n, term.length), 0);
    this.avgLength = s.lengths.reduce((n, l) => n + l, 0) / Math.max(1, s.lengths.length);
    this.scores = new Float64Array(s.ids.length);
    this.weights = new Float64Array(s.ids.length);
  }

  snapshot(): Bm25Snapshot {
    const { ids, lengths, starts, postingDocs, postingTf } = this;
    return { ids, terms: [...this.terms.keys()], lengths, starts, postingDocs, postingTf };
  }

  /** The term's number in this index (see `termCount`), or undefined when no document has it. */
  termId(term: string): number | undefined {
    return this.terms.get(term);
  }

  /** The id of each document, by its number (a search hit's `doc`). */
  get documentIds(): readonly string[] {
    return this.ids;
  }

  get documentCount(): number {
    return this.ids.length;
  }

  /** How many terms the index has: every term number is below it. */
  get termCount(): number {
    return this.terms.size;
  }

  /** In how many documents a term occurs. */
  documentFrequency(term: string): number {
    return this.df(term);
  }

  private df(term: string): number {
    const t = this.terms.get(term);
    return t === undefined ? 0 : this.starts[t + 1]! - this.starts[t]!;
  }

  /** Rarer terms weigh more; a term the library never uses counts as the rarest. */
  idf(term: string): number {
    const n = this.ids.length;
    const df = this.df(term);
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  private termScore(f: number, length: number) {
    return (f * (K1 + 1)) / (f + K1 * (1 - B + (B * length) / this.avgLength));
  }

  /** Query terms with their weights (repeated terms count a little more, capped). */
  static queryTerms(text: string, weight = 1, into = new Map<string, number>()) {
    for (const t of tokenize(text)) into.set(t, Math.min((into.get(t) ?? 0) + weight, 2 * weight));
    return into;
  }

  /**
   * The same query with misspelt words replaced by the indexed word one slip away ("outlok",
   * "printr", "certifcate"). Only words of five letters or more that the index does not know are
   * corrected, to the most widely used candidate, so real words are never bent into others.
   */
  correct(queryTerms: Map<string, number>): Map<string, number> {
    const out = new Map<string, number>();
    for (const [term, w] of queryTerms) {
      const fixed = this.correctTerm(term);
      out.set(fixed, Math.max(out.get(fixed) ?? 0, w));
    }
    return out;
  }

  /** One query term, corrected as `correct` does. */
  correctTerm(term: string): string {
    if (this.terms.has(term) || term.length < 5 || term.length > this.longestTerm + 1 || /\d/.test(term))
      return term;
    return this.corrections.get(term, (typed) => this.nearest(typed) ?? typed);
  }

  /**
   * The indexed word a typed one is a slip for. The few hundred words one slip away are generated
   * and looked up (no table of every indexed word's variants is kept, so nothing is built at start
   * or on the first query).
   */
  private nearest(term: string): string | undefined {
    let best: string | undefined;
    let bestDf = 0;
    for (const known of slipsOf(term)) {
      if (known.length < 4) continue;
      const df = this.df(known);
      if (df > bestDf || (df === bestDf && df > 0 && known < best!)) [best, bestDf] = [known, df];
    }
    return best;
  }

  /** The total idf weight of a query: what a document matching every term would cover. */
  queryWeight(queryTerms: Map<string, number>) {
    let total = 0;
    for (const [term, w] of queryTerms) total += w * this.idf(term);
    return total;
  }

  /**
   * Every document sharing a term with the query, best first (ties in index order). A common word
   * touches most of the library (a median query about 1,900 of 4,700 documents), so sums are kept
   * in flat arrays reused across queries rather than an object per document; per document the terms
   * are still added in the query's order, as scoreExternal adds them. With a `cut`, documents scoring
   * under it are left out unless the cut keeps them: most hits share only a common word, and making
   * and sorting thousands of them cost ten times the scoring itself.
   */
  search(queryTerms: Map<string, number>, cut?: SearchCut): SearchHit[] {
    const { scores, weights } = this;
    const touched: number[] = [];
    for (const [term, qWeight] of queryTerms) {
      const t = this.terms.get(term);
      if (t === undefined) continue;
      const idf = this.idf(term);
      for (let i = this.starts[t]!; i < this.starts[t + 1]!; i++) {
        const doc = this.postingDocs[i]!;
        const f = this.postingTf[i]!;
        if (!f) continue;
        if (weights[doc] === 0) touched.push(doc);
        scores[doc]! += qWeight * idf * this.termScore(f, this.lengths[doc]!);
        weights[doc]! += qWeight * idf;
      }
    }
    const hits: SearchHit[] = [];
    try {
      const floor = cut ? cutScore(touched, scores, cut) : 0;
      for (const doc of touched) {
        const score = scores[doc]!;
        if (score > 0 && (score >= floor || cut!.alwaysKeeps(doc)))
          hits.push({ id: this.ids[doc]!, score, matchedWeight: weights[doc]!, doc });
      }
    } finally {
      // The sums are shared by every search of this index: whatever happens, the next starts from zero.
      for (const doc of touched) {
        scores[doc] = 0;
        weights[doc] = 0;
      }
    }
    return hits.sort((a, b) => b.score - a.score || a.doc - b.doc);
  }

  /** The query's terms a document of the index (a hit's `doc`) contains; postings are in document order. */
  matchedTerms(queryTerms: Map<string, number>, doc: number): string[] {
    return [...queryTerms.keys()].filter((term) => {
      const t = this.terms.get(term);
      if (t === undefined) return false;
      let [lo, hi] = [this.starts[t]!, this.starts[t + 1]! - 1];
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const at = this.postingDocs[mid]!;
        if (at === doc) return this.postingTf[mid]! > 0;
        if (at < doc) lo = mid + 1;
        else hi = mid - 1;
      }
      return false;
    });
  }

  /** Scores a document that is not in the index (a past session) with this index's statistics. */
  scoreExternal(queryTerms: Map<string, number>, doc: IndexedDoc) {
    const { tf, length } = analyse(doc);
    let score = 0;
    let matchedWeight = 0;
    const matched: string[] = [];
    for (const [term, qWeight] of queryTerms) {
      const f = tf.get(term);
      if (!f) continue;
      const idf = this.idf(term);
      score += qWeight * idf * this.termScore(f, length);
      matchedWeight += qWeight * idf;
      matched.push(term);
    }
    return { score, matchedWeight, matched };
  }
}

/**
 * What a search may leave out. Of the documents that `compete`, the `best` ones by score set the cut:
 * the least `sureScore` among them (what each is certain to keep after the caller's adjustments, never
 * more than its score), divided by `maxLift` (the most an adjustment can multiply a score by, at least
 * 1). A document scoring under the cut is left out unless the cut `alwaysKeeps` it. The caller's own
 * floor — the best-th sure score among the competing documents — is never under the cut, and a
 * document left out could neither reach that floor nor change it: its sure score is under the least
 * sure score of the best ones.
 */
export type SearchCut = {
  competes: (doc: number) => boolean;
  alwaysKeeps: (doc: number) => boolean;
  best: number;
  sureScore: (doc: number, score: number) => number;
  maxLift: number;
};

/** The score under which a search may leave a document out (see SearchCut); 0 when too few compete. */
function cutScore(touched: number[], scores: Float64Array, cut: SearchCut): number {
  // The best-th competing score; every competing document scoring at least that is one of the best,
  // ties included.
  const top: number[] = [];
  for (const doc of touched) {
    const score = scores[doc]!;
    if (score <= 0 || (top.length === cut.best && score <= top[cut.best - 1]!) || !cut.competes(doc))
      continue;
    let at = top.length === cut.best ? cut.best - 1 : top.length;
    while (at > 0 && top[at - 1]! < score) {
      top[at] = top[at - 1]!;
      at--;
    }
    top[at] = score;
  }
  if (top.length < cut.best) return 0;
  const lowestOfBest = top[cut.best - 1]!;
  let least = Infinity;
  for (const doc of touched)
    if (scores[doc]! >= lowestOfBest && cut.competes(doc))
      least = Math.min(least, cut.sureScore(doc, scores[doc]!));
  // A hair lower, so that rounding never cuts a document the caller would keep.
  return (least / cut.maxLift) * (1 - 1e-9);
}

function analyse(doc: IndexedDoc) {
  const tf = new Map<string, number>();
  let length = 0;
  for (const field of doc.fields) {
    for (const term of tokenize(field.text)) {
      tf.set(term, (tf.get(term) ?? 0) + field.weight);
      length += field.weight;
    }
  }
  return { tf, length };
}

/**
 * The words a typed word can be a slip of the finger for: same first letter (people rarely mistype
 * it), and one letter left out, typed twice or extra, two neighbouring letters swapped, or the
 * British s for the American z ("virtualisation"). Any other one-letter change mostly turns one real
 * word into another ("interest" / "internet", "reception" / "exception", "stuff" / "staff"), and
 * those are not corrected.
 */
function* slipsOf(typed: string): Generator<string> {
  for (let i = 1; i < typed.length; i++) {
    yield typed.slice(0, i) + typed.slice(i + 1); // an extra or doubled letter
    if (i + 1 < typed.length) yield typed.slice(0, i) + typed[i + 1] + typed[i] + typed.slice(i + 2); // swapped
    const c = typed[i];
    if (c === 's' || c === 'z') yield typed.slice(0, i) + (c === 's' ? 'z' : 's') + typed.slice(i + 1);
  }
  for (let i = 1; i <= typed.length; i++)
    for (const letter of LETTERS) yield typed.slice(0, i) + letter + typed.slice(i); // a letter left out
}
