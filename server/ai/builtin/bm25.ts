import { tokenize } from './text';

/** One searchable document: weighted fields of text. */
export type IndexedDoc = { id: string; fields: { text: string; weight: number }[] };

const K1 = 1.2;
// Strong length normalisation: long runbooks with many keywords should not win on breadth alone.
const B = 0.9;

/**
 * BM25 with per-field weights (BM25F-style term frequencies). Built once per process for the
 * runbook library; past sessions are scored with the same statistics so both kinds rank together.
 */
export class Bm25Index {
  private readonly docs: { id: string; tf: Map<string, number>; length: number }[] = [];
  private readonly df = new Map<string, number>();
  private avgLength = 1;
  /** Every one-letter deletion of every indexed term, for typo tolerance (built on first use). */
  private deletions: Map<string, string> | undefined;

  constructor(docs: IndexedDoc[]) {
    for (const doc of docs) this.docs.push({ id: doc.id, ...this.analyse(doc) });
    for (const d of this.docs)
      for (const term of d.tf.keys()) this.df.set(term, (this.df.get(term) ?? 0) + 1);
    this.avgLength = this.docs.reduce((n, d) => n + d.length, 0) / Math.max(1, this.docs.length);
  }

  private analyse(doc: IndexedDoc) {
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

  /** Rarer terms weigh more; a term the library never uses counts as the rarest. */
  idf(term: string): number {
    const n = this.docs.length;
    const df = this.df.get(term) ?? 0;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  private scoreTf(queryTerms: Map<string, number>, tf: Map<string, number>, length: number) {
    let score = 0;
    let matchedWeight = 0;
    const matched: string[] = [];
    for (const [term, qWeight] of queryTerms) {
      const f = tf.get(term);
      if (!f) continue;
      const idf = this.idf(term);
      score += qWeight * idf * ((f * (K1 + 1)) / (f + K1 * (1 - B + (B * length) / this.avgLength)));
      matchedWeight += qWeight * idf;
      matched.push(term);
    }
    return { score, matchedWeight, matched };
  }

  /** Query terms with their weights (repeated terms count a little more, capped). */
  static queryTerms(text: string, weight = 1, into = new Map<string, number>()) {
    for (const t of tokenize(text)) into.set(t, Math.min((into.get(t) ?? 0) + weight, 2 * weight));
    return into;
  }

  /**
   * The same query with misspelt words replaced by the indexed word one edit away ("outlok",
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
    return this.df.has(term) || term.length < 5 || /\d/.test(term) ? term : (this.nearest(term) ?? term);
  }

  private nearest(term: string): string | undefined {
    if (!this.deletions) {
      this.deletions = new Map();
      for (const [t, df] of this.df) {
        if (t.length < 4 || /\d/.test(t)) continue;
        for (const d of [t, ...deletionsOf(t)]) {
          const seen = this.deletions.get(d);
          if (!seen || (this.df.get(seen) ?? 0) < df) this.deletions.set(d, t);
        }
      }
    }
    let best: string | undefined;
    for (const d of [term, ...deletionsOf(term)]) {
      const hit = this.deletions.get(d);
      if (!hit || !isSlip(term, hit)) continue;
      if (!best || (this.df.get(hit) ?? 0) > (this.df.get(best) ?? 0)) best = hit;
    }
    return best;
  }

  /** The total idf weight of a query: what a document matching every term would cover. */
  queryWeight(queryTerms: Map<string, number>) {
    let total = 0;
    for (const [term, w] of queryTerms) total += w * this.idf(term);
    return total;
  }

  search(queryTerms: Map<string, number>) {
    return this.docs
      .map((d) => ({ id: d.id, ...this.scoreTf(queryTerms, d.tf, d.length) }))
      .filter((r) => r.score > 0)
      .sort((a, b) => b.score - a.score);
  }

  /** Scores a document that is not in the index (a past session) with this index's statistics. */
  scoreExternal(queryTerms: Map<string, number>, doc: IndexedDoc) {
    const { tf, length } = this.analyse(doc);
    return this.scoreTf(queryTerms, tf, length);
  }
}

const deletionsOf = (t: string) => Array.from(t, (_, i) => t.slice(0, i) + t.slice(i + 1));

/**
 * Whether a typed word can be a slip of the finger for an indexed one: same first letter (people
 * rarely mistype it), and one letter left out, typed twice or extra, two neighbouring letters
 * swapped, or the British s for the American z ("virtualisation"). Any other one-letter change
 * mostly turns one real word into another ("interest" / "internet", "reception" / "exception",
 * "stuff" / "staff"), and those are not corrected.
 */
function isSlip(typed: string, known: string): boolean {
  if (typed[0] !== known[0]) return false;
  const [short, long] = typed.length < known.length ? [typed, known] : [known, typed];
  if (long.length - short.length === 1) return deletionsOf(long).includes(short);
  if (long.length !== short.length) return false;
  const diff: number[] = [];
  for (let i = 0; i < typed.length && diff.length <= 2; i++) if (typed[i] !== known[i]) diff.push(i);
  if (diff.length === 1) return [typed[diff[0]!], known[diff[0]!]].sort().join('') === 'sz';
  const [i, j] = diff;
  return diff.length === 2 && j === i! + 1 && typed[i!] === known[j] && typed[j] === known[i!];
}
