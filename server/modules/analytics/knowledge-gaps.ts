/**
 * Knowledge gaps (SPEC §14): groups of recent sessions the knowledge did not cover, so an admin sees
 * what to write next. Pure and deterministic, so a label can always be explained:
 *
 * 1. Terms: the words of the problem summary, lowercased, stop words and short words dropped, with a
 *    light suffix folding ("printers", "printing" → "print") so the same problem told differently
 *    meets; the problem's domain is one more term (when known).
 * 2. Greedy average-linkage clustering: sessions with the most similar neighbours come first; each
 *    joins the cluster whose members it resembles most on average (Jaccard similarity of term
 *    sets), if that average is at least SIMILARITY; otherwise it starts a cluster of its own.
 * 3. Label: the terms most members share (at most three, as people wrote them); a cluster with
 *    no shared word (or a single session) is labelled by its most representative summary.
 */

export type GapSession = {
  id: string;
  problem_summary: string;
  problem_domain: string;
  created_at: Date;
  escalated: boolean;
  best_match: number | null;
};

export type KnowledgeGap = {
  label: string;
  sessions: number;
  escalated: number;
  best_match: number | null;
  example_session_ids: string[];
  suggested_title: string;
};

export const SIMILARITY = 0.3;
export const MAX_GAPS = 10;
const EXAMPLES = 3;
const LABEL_TERMS = 3;

const STOP_WORDS = new Set(
  `a an and are as at be been but by can cannot cant could did do does doesnt dont for from had has have he her his how i if
  in into is it its just me my no not of on or our she so some than that the their them then there they this to too up us
  was we were what when where which while who will with would you your yes also any all get gets got im ive after before
  since again still now today yesterday morning afternoon user users client customer please thanks one only same very
  really keeps keep says said tried help issue issues problem problems ticket need needs unable able about other every
  anything something nothing work working works worked won wont isnt arent new old since getting going goes went`.split(
    /\s+/,
  ),
);

/** Folds common English endings so variants of a word meet; only for matching, never shown. */
export function stem(word: string) {
  if (/\d/.test(word)) return word;
  let w = word;
  if (w.length >= 5 && w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (w.length >= 6 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length >= 7 && w.endsWith('ers')) w = w.slice(0, -3);
  else if (w.length >= 6 && w.endsWith('er')) w = w.slice(0, -2);
  else if (w.length >= 5 && w.endsWith('ed')) w = w.slice(0, -2);
  else if (w.length >= 5 && /(s|x|z|ch|sh)es$/.test(w)) w = w.slice(0, -2);
  else if (w.length >= 4 && w.endsWith('s') && !/(ss|us|is)$/.test(w)) return w.slice(0, -1);
  else return w;
  // "scann(ing)", "stopp(ed)": a doubled consonant left by the cut is one letter.
  return /([bdgmnprt])\1$/.test(w) ? w.slice(0, -1) : w;
}

/** Stem → the word as it was written (case kept, so "VPN" stays "VPN" in a label). */
type Terms = Map<string, string>;

export function terms(summary: string, domain: string): Terms {
  const out: Terms = new Map();
  for (const raw of summary.match(/[a-z0-9][a-z0-9.'-]*[a-z0-9]|[a-z0-9]/gi) ?? []) {
    const written = raw.replace(/'/g, '');
    const word = written.toLowerCase();
    if (word.length < 3 || STOP_WORDS.has(word) || /^\d+$/.test(word)) continue;
    const key = stem(word);
    if (!out.has(key)) out.set(key, written);
  }
  if (domain && domain !== 'other') out.set(`domain:${domain}`, domain.replace(/_/g, ' '));
  return out;
}

export function jaccard(a: Terms, b: Terms) {
  if (!a.size && !b.size) return 0;
  let both = 0;
  for (const k of a.keys()) if (b.has(k)) both++;
  return both / (a.size + b.size - both);
}

/** The same measure over sorted term numbers. */
function codedJaccard(a: Int32Array, b: Int32Array) {
  if (!a.length && !b.length) return 0;
  let both = 0;
  for (let x = 0, y = 0; x < a.length && y < b.length;) {
    if (a[x] === b[y]) {
      both++;
      x++;
      y++;
    } else if (a[x]! < b[y]!) x++;
    else y++;
  }
  return both / (a.length + b.length - both);
}

type Member = { s: GapSession; t: Terms; i: number };
/** Similarity of two members, from the table computed once per report. */
type Similarity = (a: Member, b: Member) => number;

const newestFirst = (x: GapSession, y: GapSession) =>
  y.created_at.getTime() - x.created_at.getTime() || (x.id < y.id ? -1 : 1);

/**
 * Sessions most like many others are placed first, so a cluster grows from its centre rather than
 * from whichever session happened to come first; each then joins the cluster it resembles most on
 * average, or starts one. Every pair is compared once (n²/2 comparisons; n is capped by the query).
 */
export function clusterSessions(sessions: GapSession[]): { clusters: Member[][]; sim: Similarity } {
  // A fixed starting order makes the result independent of the order the sessions came in.
  const members = [...sessions]
    .sort(newestFirst)
    .map((s, i) => ({ s, t: terms(s.problem_summary, s.problem_domain), i }));
  const n = members.length;
  const table = new Float32Array(n * n);
  const neighbours = members.map(() => ({ n: 0, sum: 0 }));
  // Terms as sorted numbers: comparing two sessions is then one merge, fast enough for every pair.
  const ids = new Map<string, number>();
  const coded = members.map((m) =>
    Int32Array.from([...m.t.keys()].map((k) => ids.get(k) ?? ids.set(k, ids.size).size - 1)).sort(),
  );
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const value = codedJaccard(coded[i]!, coded[j]!);
      table[i * n + j] = table[j * n + i] = value;
      if (value < SIMILARITY) continue;
      neighbours[i]!.n++;
      neighbours[i]!.sum += value;
      neighbours[j]!.n++;
      neighbours[j]!.sum += value;
    }
  }
  const sim: Similarity = (a, b) => (a === b ? 1 : table[a.i * n + b.i]!);
  const order = members
    .map((m, i) => ({ m, ...neighbours[i]! }))
    .sort((x, y) => y.n - x.n || y.sum - x.sum || newestFirst(x.m.s, y.m.s));
  const clusters: Member[][] = [];
  for (const { m } of order) {
    let best: Member[] | null = null;
    let bestScore = 0;
    for (const c of clusters) {
      const score = c.reduce((sum, o) => sum + sim(m, o), 0) / c.length;
      if (score >= SIMILARITY && score > bestScore) {
        best = c;
        bestScore = score;
      }
    }
    if (best) best.push(m);
    else clusters.push([m]);
  }
  return { clusters: clusters.map((c) => c.sort((x, y) => newestFirst(x.s, y.s))), sim };
}

/** The member most like the others (ties: the newest): its summary speaks for the cluster. */
function representative(c: Member[], sim: Similarity) {
  let best = c[0]!;
  let bestScore = -1;
  for (const m of c) {
    const score = c.reduce((sum, o) => (o === m ? sum : sum + sim(m, o)), 0);
    if (score > bestScore) {
      best = m;
      bestScore = score;
    }
  }
  return best.s.problem_summary;
}

/**
 * Terms held by at least half the members (two at least), most shared first, then in the reading
 * order of the newest summary; the domain is left out (it is not news).
 */
function sharedTerms(c: Member[]) {
  if (c.length < 2) return [];
  const counts = new Map<string, { n: number; word: string; first: number }>();
  c.forEach((m, i) =>
    [...m.t].forEach(([key, word], position) => {
      if (key.startsWith('domain:')) return;
      const e = counts.get(key) ?? { n: 0, word, first: i * 1000 + position };
      e.n++;
      counts.set(key, e);
    }),
  );
  return [...counts.values()]
    .filter((e) => e.n >= Math.max(2, Math.ceil(c.length / 2)))
    .sort((a, b) => b.n - a.n || a.first - b.first)
    .slice(0, LABEL_TERMS)
    .map((e) => e.word);
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function describeCluster(c: Member[], sim: Similarity): KnowledgeGap {
  const summary = representative(c, sim);
  const shared = sharedTerms(c);
  const scores = c.map((m) => m.s.best_match).filter((b): b is number => b !== null);
  return {
    label: shared.length ? capitalise(shared.join(', ')) : summary,
    sessions: c.length,
    escalated: c.filter((m) => m.s.escalated).length,
    best_match: scores.length ? Math.round(Math.max(...scores) * 100) / 100 : null,
    // Members are kept newest first.
    example_session_ids: c.slice(0, EXAMPLES).map((m) => m.s.id),
    suggested_title: summary,
  };
}

/** The report: largest clusters first (then most escalated, then most recent), at most MAX_GAPS. */
export function knowledgeGaps(sessions: GapSession[]): KnowledgeGap[] {
  const { clusters, sim } = clusterSessions(sessions);
  return clusters
    .map((c) => ({ gap: describeCluster(c, sim), newest: c[0]!.s.created_at.getTime() }))
    .sort(
      (a, b) => b.gap.sessions - a.gap.sessions || b.gap.escalated - a.gap.escalated || b.newest - a.newest,
    )
    .slice(0, MAX_GAPS)
    .map((x) => x.gap);
}
