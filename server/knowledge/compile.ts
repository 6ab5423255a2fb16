/**
 * Build step (scripts/build-server.mjs): loads and validates the shipped knowledge once and writes it
 * as one JSON file, which a server start reads instead of parsing and validating 260-odd YAML files.
 * Usage: node dist/server/knowledge-compile.js <output file>
 */
import { renameSync, writeFileSync } from 'node:fs';
import { COMPILED_KNOWLEDGE_FILE, loadKnowledgeLibrary } from './load';

const out = process.argv[2] ?? COMPILED_KNOWLEDGE_FILE;
const library = loadKnowledgeLibrary();
// Written beside the target and renamed, so a server starting meanwhile reads the old file or the new.
const partial = `${out}.${process.pid}.partial`;
writeFileSync(partial, JSON.stringify(library));
renameSync(partial, out);
