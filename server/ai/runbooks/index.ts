import { loadKnowledgeLibrary, type KnowledgeLibrary } from '../../knowledge/load';

let shipped: KnowledgeLibrary | undefined;

/**
 * The knowledge shipped with the product (knowledge/ at the top of the repository), loaded and
 * validated once per process. Items that fail validation are left out here and reported by
 * `npm run knowledge:check` and the test suite, which refuse any problem.
 */
export function shippedKnowledge(): KnowledgeLibrary {
  return (shipped ??= loadKnowledgeLibrary());
}
