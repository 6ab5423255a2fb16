// What the escalation pages work with beyond the wire shapes (those are `Schemas[...]` from api/client).
import type { Person } from '../../../../shared/sessions';
import type { Schemas } from '../../api/client';

/** A queue item plus when it was escalated by this browser's clock (from `age_seconds`, so skew-free). */
export type QueueCardItem = Schemas['QueueItem'] & { escalated_at_ms: number };

/** The extra fields of a 409 ALREADY_CLAIMED error body. */
export interface AlreadyClaimedBody {
  code: 'ALREADY_CLAIMED';
  message: string;
  claimed_by: Person | null;
  claimed_at: string | null;
}
