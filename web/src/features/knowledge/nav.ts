import type { NavEntry } from '../../app/navTypes';
import { KnowledgeIcon } from './KnowledgeIcon';

/** Everyone reads knowledge; who may write is decided per page. */
export const knowledgeNav: NavEntry = { to: '/knowledge', label: 'Knowledge', icon: KnowledgeIcon };
