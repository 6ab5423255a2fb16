import type { Runbook } from '../runbooks/types';
import { tokenize } from './text';

/** How far apart (in tokens) two words may stand and still read as one phrase. */
const PAIR_WINDOW = 2;

/**
 * Unordered pairs of tokens standing within PAIR_WINDOW of each other: "thumb drive", "hard drive
 * spinning", "wire transfer request" yield pairs whichever way round the tech typed them.
 */
export function wordPairs(tokens: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++)
    for (let j = i + 1; j <= i + PAIR_WINDOW && j < tokens.length; j++) {
      const [a, b] = [tokens[i]!, tokens[j]!];
      if (a !== b) out.push(a < b ? `${a} ${b}` : `${b} ${a}`);
    }
  return out;
}

/**
 * The phrases each runbook is known by (title, symptoms, keywords) as word pairs. Neighbouring
 * runbooks share most single words ("drive", "slow", "offline", "dhcp"); which words stand together
 * in the intake and in a runbook's own phrases is what tells them apart, and plain BM25 ignores it.
 */
export class RunbookPhrases {
  private readonly pairs = new Map<string, Set<string>>();

  constructor(runbooks: Runbook[]) {
    for (const rb of runbooks) {
      const set = new Set<string>();
      for (const phrase of [rb.title, ...rb.symptoms, ...rb.keywords])
        for (const p of wordPairs(tokenize(phrase))) set.add(p);
      this.pairs.set(rb.id, set);
    }
  }

  /** The idf weight of the intake's word pairs that this runbook's phrases contain. */
  matchedWeight(runbookId: string, intakePairs: string[], idf: (term: string) => number): number {
    const own = this.pairs.get(runbookId);
    return own ? pairWeight(own, intakePairs, idf) : 0;
  }
}

/**
 * The same for a title alone: known issues keep only their title once indexed, and a title is where
 * an item names its problem ("shared mailbox missing" against "shared calendar hours grey"). A
 * title's pairs are worked out once and kept, as numbers made of the index's two term numbers: every
 * query reads the titles of a few hundred candidates. Only shipped known issues' titles are read, so
 * the store is bounded by the library: all 5,010 titles take 1.1 MiB kept so (6.6 MiB as sets of
 * strings, which is why a store of 2,000 emptied when full was used before, and it was emptied
 * every few queries).
 */
export class TitlePhrases {
  private readonly pairs = new Map<string, Float64Array>();

  constructor(
    private readonly termId: (term: string) => number | undefined,
    private readonly termCount: number,
  ) {}

  /** The intake's pairs that a title can contain (both words indexed), as numbers, with their weight. */
  intakeWeights(intakePairs: string[], idf: (term: string) => number): Map<number, number> {
    const weights = new Map<number, number>();
    for (const p of intakePairs) {
      const key = this.key(p);
      if (key !== undefined) weights.set(key, pairIdf(p, idf));
    }
    return weights;
  }

  /** The weight of the intake's pairs (see `intakeWeights`) that the title contains. */
  weight(title: string, intake: Map<number, number>): number {
    let own = this.pairs.get(title);
    if (!own) {
      const keys = wordPairs(tokenize(title)).map((p) => this.key(p));
      own = Float64Array.from(new Set(keys.filter((k) => k !== undefined)));
      this.pairs.set(title, own);
    }
    let weight = 0;
    for (const key of own) weight += intake.get(key) ?? 0;
    return weight;
  }

  private key(pair: string): number | undefined {
    const [a, b] = pair.split(' ');
    const [x, y] = [this.termId(a!), this.termId(b!)];
    return x === undefined || y === undefined ? undefined : x * this.termCount + y;
  }
}

/** The idf weight of the intake's pairs found among `own` (see `pairIdf`). */
function pairWeight(own: Set<string>, intakePairs: string[], idf: (term: string) => number): number {
  let weight = 0;
  for (const p of intakePairs) if (own.has(p)) weight += pairIdf(p, idf);
  return weight;
}

/** A pair weighs the mean idf of its two words. */
function pairIdf(pair: string, idf: (term: string) => number): number {
  const [a, b] = pair.split(' ');
  return (idf(a!) + idf(b!)) / 2;
}
