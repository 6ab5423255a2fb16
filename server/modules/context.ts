import type { Role } from '../../shared/roles';
import type { Database } from '../db/types';

/** The authenticated caller, as use cases see it. */
export type Actor = { id: string; accountId: string; role: Role; name: string; email: string };

/** What every use case receives: no Request, an injected clock. */
export type Ctx = { db: Database; actor: Actor; now: Date };
