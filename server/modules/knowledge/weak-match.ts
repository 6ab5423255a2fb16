/**
 * `sessions.best_match` is the share of the problem's words the best knowledge item covered at
 * intake (0..1). Below this, the knowledge did not really cover the problem: such a resolved session
 * is drafted into a proposal, and such open or escalated sessions make up the knowledge-gaps report.
 * A session without a recorded match counts as weak.
 */
export const WEAK_MATCH = 0.35;
