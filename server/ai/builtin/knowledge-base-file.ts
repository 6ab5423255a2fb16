import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import {
  COMPILED_KNOWLEDGE_BASE_FILE,
  COMPILED_KNOWLEDGE_SOURCES,
  loadKnowledgeLibrary,
  readIfCurrent,
} from '../../knowledge/load';
import { BoundedMemo } from '../../lib/bounded-memo';
import type { Runbook } from '../runbooks/types';
import { KnowledgeBase, type ItemHead } from './knowledge';
import type { CauseOption } from './library-items';

// The shipped knowledge base, compiled by the build (compile-knowledge.ts). A server start reads the
// header and the index in a few tens of milliseconds instead of parsing 300-odd YAML files and
// building the index, and leaves the items' causes on disk: only the dozen or so candidates a step
// shows need theirs (about 20 MiB less resident memory).
//
// Layout: a 4-byte header length, the JSON header (runbooks, item heads, the index's ids and terms,
// the arrays' lengths), zero padding to a multiple of 8, the number arrays below in this order, raw,
// then every item's causes as JSON, one after another; item i's are bytes
// causeStarts[i]…causeStarts[i + 1] of that last part.
type Arrays = {
  lengths: Float64Array;
  postingTf: Float32Array;
  starts: Int32Array;
  postingDocs: Int32Array;
  causeStarts: Int32Array;
};
type ArrayName = keyof Arrays;
const ARRAY_TYPES = {
  lengths: Float64Array,
  postingTf: Float32Array,
  starts: Int32Array,
  postingDocs: Int32Array,
  causeStarts: Int32Array,
} satisfies { [K in ArrayName]: new (length: number) => Arrays[K] };
const ARRAYS = Object.keys(ARRAY_TYPES) as ArrayName[];
type Header = {
  runbooks: Runbook[];
  items: ItemHead[];
  ids: string[];
  terms: string[];
  counts: Record<ArrayName, number>;
};

const padTo8 = (n: number) => (8 - (n % 8)) % 8;
/** Items whose causes stay in memory once read (a few hundred KB at most). */
const RECENT_CAUSES_KEPT = 256;

export function encodeKnowledgeBase(kb: KnowledgeBase): Buffer {
  const { runbooks, items, causes, index } = kb.snapshot();
  const causeTexts = items.map((item) => Buffer.from(JSON.stringify(causes(item.id))));
  const causeStarts = new Int32Array(items.length + 1);
  causeTexts.forEach((text, i) => (causeStarts[i + 1] = causeStarts[i]! + text.length));
  const arrays: Arrays = { ...index, causeStarts };
  const header = Buffer.from(
    JSON.stringify({
      runbooks,
      items,
      ids: index.ids,
      terms: index.terms,
      counts: Object.fromEntries(ARRAYS.map((name) => [name, arrays[name].length])) as Header['counts'],
    } satisfies Header),
  );
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.length);
  return Buffer.concat([
    length,
    header,
    Buffer.alloc(padTo8(4 + header.length)),
    ...ARRAYS.map(
      (name) => new Uint8Array(arrays[name].buffer, arrays[name].byteOffset, arrays[name].byteLength),
    ),
    ...causeTexts,
  ]);
}

/**
 * Fills `into` with the bytes at `position` of a compiled knowledge base (a file, or bytes in memory).
 * Reading into the final buffer, not copying out of a read one, keeps the start's garbage small: the
 * index arrays alone are megabytes, and an idle server may not collect for a long time.
 */
type ReadInto = (position: number, into: Uint8Array) => void;

function decode(size: number, readInto: ReadInto): KnowledgeBase {
  const text = (position: number, length: number) => {
    const bytes = Buffer.allocUnsafe(length);
    readInto(position, bytes);
    return bytes.toString('utf8');
  };
  const lengthBytes = Buffer.alloc(4);
  readInto(0, lengthBytes);
  const headerLength = lengthBytes.readUInt32LE(0);
  const header = shareRepeatedStrings(JSON.parse(text(4, headerLength)) as Header);
  let at = 4 + headerLength + padTo8(4 + headerLength);
  const arrays = {} as Record<ArrayName, Arrays[ArrayName]>;
  for (const name of ARRAYS) {
    const array = new ARRAY_TYPES[name](header.counts[name]);
    // Read into an array of its own: the bytes need not be aligned for the array type in the source.
    readInto(at, new Uint8Array(array.buffer));
    arrays[name] = array;
    at += array.byteLength;
  }
  const { lengths, postingTf, starts, postingDocs, causeStarts } = arrays as Arrays;
  const causesAt = at;
  // Checked now, not when a cause is first read: a file cut short must fail the start, not a step.
  if (size !== causesAt + causeStarts[header.items.length]!)
    throw new Error('the compiled knowledge base has the wrong length');
  const itemNumber = new Map(header.items.map((item, i) => [item.id, i]));
  // One step asks for the same candidates' causes several times (ranking, the step, the assessment,
  // the next turn): recently read ones are kept, and the cache is emptied when full, so it stays small.
  const recent = new BoundedMemo<number, CauseOption[]>(RECENT_CAUSES_KEPT);
  return KnowledgeBase.fromSnapshot({
    runbooks: header.runbooks,
    items: header.items,
    causes: (id): CauseOption[] => {
      const i = itemNumber.get(id);
      if (i === undefined) return [];
      return recent.get(i, () => {
        const start = causeStarts[i]!;
        return JSON.parse(text(causesAt + start, causeStarts[i + 1]! - start)) as CauseOption[];
      });
    },
    index: { ids: header.ids, terms: header.terms, lengths, postingTf, starts, postingDocs },
  });
}

/**
 * JSON.parse makes a new string for every value it reads: twelve thousand copies of "known_issue",
 * one per item of each domain, and every id twice (the item's head and the index). Keeping one copy
 * of each keeps about 1.3 MiB less on the V8 heap (heap snapshots of an idle server).
 */
function shareRepeatedStrings(header: Header): Header {
  const first = new Map<string, string>();
  const shared = (s: string) => {
    const kept = first.get(s);
    if (kept !== undefined) return kept;
    first.set(s, s);
    return s;
  };
  for (const item of header.items) {
    item.kind = shared(item.kind) as ItemHead['kind'];
    item.domain = shared(item.domain);
    item.id = shared(item.id);
  }
  header.ids = header.ids.map(shared);
  return header;
}

/** A knowledge base from compiled bytes in memory (tests; the server reads its file with `openCompiled`). */
export function decodeKnowledgeBase(bytes: Uint8Array): KnowledgeBase {
  return decode(bytes.length, (position, into) => {
    if (position + into.length > bytes.length) throw new Error('the compiled knowledge base is cut short');
    into.set(bytes.subarray(position, position + into.length));
  });
}

/**
 * A knowledge base from its compiled file. The file stays open for the process's life: causes are
 * read from it on demand, and a build that replaces the file meanwhile leaves this one readable.
 */
function openCompiled(file: string): KnowledgeBase {
  const fd = openSync(file, 'r');
  try {
    return decode(fstatSync(fd).size, (position, into) => {
      if (readSync(fd, into, 0, into.length, position) !== into.length)
        throw new Error('the compiled knowledge base is cut short');
    });
  } catch (e) {
    closeSync(fd);
    throw e;
  }
}

/** The compiled knowledge base when it is newer than everything it is made from, else undefined. */
export function readCompiledKnowledgeBase(
  file = COMPILED_KNOWLEDGE_BASE_FILE,
  sources: readonly string[] = COMPILED_KNOWLEDGE_SOURCES,
): KnowledgeBase | undefined {
  return readIfCurrent(file, sources, openCompiled);
}

let shipped: KnowledgeBase | undefined;

/**
 * The knowledge shipped with the product, once per process: the build's compiled file when it is
 * current, otherwise built from the YAML. Items that fail validation are left out here and reported
 * by `npm run knowledge:check` and the test suite, which refuse any problem.
 */
export function shippedKnowledgeBase(): KnowledgeBase {
  return (shipped ??= readCompiledKnowledgeBase() ?? KnowledgeBase.fromLibrary(loadKnowledgeLibrary()));
}
