import type { SVGProps } from 'react';
import { Icon } from '../../components/ui/icons';

/** An open book; lives here rather than in the shared icon set because only Knowledge uses it. */
export const KnowledgeIcon = (p: SVGProps<SVGSVGElement>) => (
  <Icon {...p}>
    <path d="M12 6.5C10.3 5 7.8 4.5 4 4.5v13c3.8 0 6.3.5 8 2 1.7-1.5 4.2-2 8-2v-13c-3.8 0-6.3.5-8 2z" />
    <path d="M12 6.5v13" />
  </Icon>
);
