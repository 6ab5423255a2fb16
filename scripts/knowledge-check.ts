// Loads every shipped knowledge file and prints each problem with its file and path.
// Usage: npm run knowledge:check
import { loadKnowledgeLibrary } from '../server/knowledge/load';

const lib = loadKnowledgeLibrary();
for (const p of lib.problems) console.log(`${p.file}${p.path ? ` ${p.path}` : ''}: ${p.message}`);
const byDomain = new Map<string, number>();
for (const item of [...lib.runbooks, ...lib.knownIssues, ...lib.errorCodes])
  byDomain.set(item.domain, (byDomain.get(item.domain) ?? 0) + 1);
console.log(
  `runbooks ${lib.runbooks.length}, known issues ${lib.knownIssues.length}, error codes ${lib.errorCodes.length}, ` +
    `domains ${byDomain.size}; ${lib.problems.length} problem(s)`,
);
process.exit(lib.problems.length ? 1 : 0);
