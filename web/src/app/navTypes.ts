import type { ComponentType } from 'react';
import type { Role } from '../../../shared/roles';

/** One entry in the main navigation. Each feature folder declares its own in `nav.ts`. */
export interface NavEntry {
  to: string;
  label: string;
  icon: ComponentType<{ className?: string }>;
  /** Match the path exactly (needed for "/", which otherwise matches every page). */
  end?: boolean;
  /** Omitted = everyone. The same rule guards the route, so hidden pages are also unreachable by URL. */
  isAllowed?: (role: Role) => boolean;
}
