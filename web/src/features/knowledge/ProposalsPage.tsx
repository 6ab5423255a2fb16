import { useState } from 'react';
import { Link } from 'react-router';
import { Badge } from '../../components/ui/Badge';
import { Button } from '../../components/ui/Button';
import { EmptyState } from '../../components/ui/EmptyState';
import { QueryList } from '../../components/ui/QueryList';
import { Notice } from '../../components/ui/Notice';
import { useToast } from '../../components/ui/Toast';
import { errorMessage } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { usePageTitle } from '../../lib/usePageTitle';
import { useSession } from '../auth/AuthContext';
import { ApproveProposalDialog } from './ApproveProposalDialog';
import { TagList } from './ArticleList';
import { KnowledgeHeader } from './KnowledgeHeader';
import { KnowledgeIcon } from './KnowledgeIcon';
import { Markdown } from './Markdown';
import { canCurateKnowledge } from './permissions';
import { useDismissProposal, usePendingProposals } from './proposalsApi';
import { RunbookPreview } from './RunbookPreview';
import type { Proposal } from './types';

export function ProposalsPage() {
  usePageTitle('Knowledge proposals');
  const { user } = useSession();
  const curator = canCurateKnowledge(user.role);
  // Any member may read proposals (the server allows it); only admins and owners decide on them.
  const proposals = usePendingProposals();
  const [approving, setApproving] = useState<Proposal | null>(null);

  return (
    <>
      <KnowledgeHeader
        title="Proposals"
        description="Drafts written from resolved escalations. Approve them to teach the assistant, or dismiss them."
      />
      {!curator && (
        <Notice className="mb-6">
          Admins and owners approve or dismiss proposals. You can read them here; ask an admin to approve one
          you find useful.
        </Notice>
      )}
      <QueryList
        query={proposals}
        what="proposals"
        loadingLabel="Loading proposals…"
        empty={
          <EmptyState
            icon={<KnowledgeIcon className="size-6" />}
            title="Nothing waiting for review"
            description="When an escalated session is resolved, or a session ends with a cause nothing covered, a draft appears here for review."
          />
        }
      >
        {(items) => (
          <ul aria-label="Pending proposals" className="space-y-6">
            {items.map((proposal) => (
              <ProposalCard
                key={proposal.id}
                proposal={proposal}
                curator={curator}
                onApprove={() => setApproving(proposal)}
              />
            ))}
          </ul>
        )}
      </QueryList>
      <ApproveProposalDialog proposal={approving} onClose={() => setApproving(null)} />
    </>
  );
}

interface ProposalCardProps {
  proposal: Proposal;
  curator: boolean;
  onApprove: () => void;
}

function ProposalCard({ proposal, curator, onApprove }: ProposalCardProps) {
  const { notify } = useToast();
  const dismiss = useDismissProposal();
  const headingId = `proposal-${proposal.id}`;

  const onDismiss = () =>
    dismiss.mutate(proposal.id, { onSuccess: () => notify(`Proposal “${proposal.title}” dismissed.`) });

  return (
    <li
      aria-labelledby={headingId}
      className="rounded-lg border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900"
    >
      <header className="flex flex-wrap items-start justify-between gap-3 border-b border-slate-200 px-4 py-3 sm:px-5 dark:border-slate-800">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-2">
            <h2 id={headingId} className="text-base font-semibold text-slate-900 dark:text-slate-50">
              {proposal.title}
            </h2>
            <Badge tone={proposal.kind === 'article' ? 'accent' : 'warning'}>
              {proposal.kind === 'article' ? 'Article' : 'Runbook'}
            </Badge>
          </div>
          <p className="mt-0.5 text-sm text-slate-600 dark:text-slate-400">
            Proposed {formatDateTime(proposal.created_at)}
          </p>
        </div>
        {curator && (
          <div className="flex shrink-0 gap-2">
            <Button size="sm" onClick={onDismiss} loading={dismiss.isPending}>
              Dismiss<span className="sr-only"> {proposal.title}</span>
            </Button>
            <Button size="sm" variant="primary" onClick={onApprove}>
              Approve<span className="sr-only"> {proposal.title}</span>
            </Button>
          </div>
        )}
      </header>
      <div className="space-y-4 px-4 py-4 sm:px-5">
        {dismiss.isError && (
          <Notice tone="error">{errorMessage(dismiss.error, 'Could not dismiss it.')}</Notice>
        )}
        <TagList tags={proposal.tags} />
        {/* A long draft scrolls here; keyboard users must be able to focus it to scroll (axe scrollable-region-focusable). */}
        <div
          role="region"
          aria-label={`Draft of ${proposal.title}`}
          tabIndex={0}
          className="max-h-96 overflow-y-auto rounded-md border border-slate-200 px-4 py-3 dark:border-slate-800"
        >
          {proposal.kind === 'runbook' && proposal.runbook ? (
            <RunbookPreview runbook={proposal.runbook} />
          ) : (
            <Markdown source={proposal.body ?? ''} />
          )}
        </div>
        {proposal.source_session_ids.length > 0 && (
          <div className="text-sm">
            <h3 className="font-medium text-slate-800 dark:text-slate-200">Written from</h3>
            <ul aria-label="Source sessions" className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
              {proposal.source_session_ids.map((id) => (
                <li key={id}>
                  <Link
                    to={`/sessions/${encodeURIComponent(id)}`}
                    className="font-medium text-accent-700 hover:underline dark:text-accent-300"
                  >
                    Session {id.slice(0, 8)}
                  </Link>
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
    </li>
  );
}
