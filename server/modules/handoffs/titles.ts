/** Notification wording of SPEC §5, shared by the bell, email subjects and chat messages. */
const SNIPPET_LENGTH = 70;

export function problemSnippet(summary: string): string {
  return summary.length > SNIPPET_LENGTH ? `${summary.slice(0, SNIPPET_LENGTH)}…` : summary;
}

/** `Escalation from {name} · #{ticket}: {problem snippet}` — without ` · #{ticket}` when there is none. */
export function escalationTitle(
  escalatorName: string,
  ticket: string | null,
  problemSummary: string,
): string {
  return `Escalation from ${escalatorName}${ticket ? ` · #${ticket}` : ''}: ${problemSnippet(problemSummary)}`;
}

export const pickupLink = (sessionId: string) => `/sessions/${sessionId}?pickup=1`;

export const claimedTitle = (claimerName: string) => `${claimerName} picked up your escalation`;
