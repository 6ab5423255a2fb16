/**
 * Build step (scripts/build-server.mjs): loads and validates the shipped knowledge once, builds its
 * index and writes both as one file, which a server start reads instead (knowledge-base-file.ts).
 * Usage: node dist/server/knowledge-compile.js <output file>
 */
import { renameSync, writeFileSync } from 'node:fs';
import { COMPILED_KNOWLEDGE_BASE_FILE, loadKnowledgeLibrary } from '../../knowledge/load';
import { KnowledgeBase } from './knowledge';
import { encodeKnowledgeBase } from './knowledge-base-file';

const out = process.argv[2] ?? COMPILED_KNOWLEDGE_BASE_FILE;
const bytes = encodeKnowledgeBase(KnowledgeBase.fromLibrary(loadKnowledgeLibrary()));
// Written beside the target and renamed, so a server starting meanwhile reads the old file or the new.
const partial = `${out}.${process.pid}.partial`;
writeFileSync(partial, bytes);
renameSync(partial, out);
