import type { ReactNode } from 'react';
import { PageHeader } from '../../components/ui/PageHeader';
import { KnowledgeTabs } from './runbooks/KnowledgeTabs';

interface KnowledgeHeaderProps {
  title: string;
  description?: ReactNode;
  actions?: ReactNode;
}

/**
 * The h1 of a Knowledge page and the links to its sections (Articles, Runbooks, Import, Proposals with
 * the number waiting for review). The section row is shared with the runbook pages so it never shifts.
 */
export function KnowledgeHeader({ title, description, actions }: KnowledgeHeaderProps) {
  return (
    <>
      <PageHeader title={title} description={description} actions={actions} />
      <KnowledgeTabs />
    </>
  );
}
