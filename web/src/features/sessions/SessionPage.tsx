import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { LoadError } from '../../components/ui/LoadError';
import { Notice } from '../../components/ui/Notice';
import { LoadingState } from '../../components/ui/Spinner';
import { usePageTitle } from '../../lib/usePageTitle';
import { useSession } from '../auth/AuthContext';
import { SessionHandoffProvider } from '../escalations/SessionHandoffProvider';
import { SuggestedStepChips } from '../escalations/SuggestedStepChips';
import { useSessionView } from './api';
import { AssistantFinishedNotice } from './AssistantFinishedNotice';
import { FactsPanel } from './FactsPanel';
import { IntakeDetails } from './IntakeDetails';
import { isWorkable, mayActOn } from './labels';
import { ResolveDialog, resolvePrefill } from './ResolveDialog';
import { SessionHeader } from './SessionHeader';
import { SessionTimeline } from './SessionTimeline';
import { StepCard } from './StepCard';

export function SessionPage() {
  const { id = '' } = useParams();
  // Keyed so that following a link to another session starts with fresh dialogs and notices.
  return <SessionScreen key={id} id={id} />;
}

function SessionScreen({ id }: { id: string }) {
  const { user } = useSession();
  const view = useSessionView(id);
  const [resolveOpen, setResolveOpen] = useState(false);
  const [staleMessage, setStaleMessage] = useState<string | null>(null);
  usePageTitle(view.data?.session.problem_summary ?? 'Session');

  if (view.isPending) return <LoadingState label="Loading session…" />;
  if (view.isError) {
    return (
      <div className="space-y-4">
        <LoadError what="this session" error={view.error} onRetry={() => void view.refetch()} />
        <Link to="/sessions" className="text-sm font-medium text-accent-700 underline dark:text-accent-300">
          Back to sessions
        </Link>
      </div>
    );
  }

  const { session, steps, facts, current_step: currentStep } = view.data;
  const canAct = mayActOn(user, session);
  const workable = canAct && isWorkable(session.status);
  const openResolve = () => setResolveOpen(true);

  return (
    <SessionHandoffProvider session={session} settled={!view.isFetching}>
      <div className="space-y-6">
        <SessionHeader view={view.data} canAct={canAct} onResolve={openResolve} />
        {!canAct && (
          <Notice tone="info">
            {readOnlyReason(
              user.role === 'viewer',
              session.status === 'escalated',
              session.escalated_to?.name,
            )}
          </Notice>
        )}
        <div className="grid gap-6 lg:grid-cols-3">
          <div className="min-w-0 space-y-6 lg:col-span-2">
            {staleMessage && (
              <Notice tone="warning" title="This step changed">
                {staleMessage}
              </Notice>
            )}
            {canAct && session.status === 'paused' && (
              <Notice tone="info">This session is paused. Resume it to continue with the next step.</Notice>
            )}
            <SuggestedStepChips session={session} steps={steps} />
            {workable && currentStep && (
              <StepCard
                key={currentStep.id}
                sessionId={session.id}
                step={currentStep}
                onAnswered={() => setStaleMessage(null)}
                onStale={(message) => setStaleMessage(message)}
              />
            )}
            {canAct && session.status === 'active' && !currentStep && (
              <AssistantFinishedNotice finished={session.assistant_finished} onResolve={openResolve} />
            )}
            <SessionTimeline
              sessionId={session.id}
              steps={steps}
              facts={facts}
              currentStepId={currentStep?.id ?? null}
              canPromote={workable}
            />
          </div>
          <div className="min-w-0 space-y-6">
            <FactsPanel sessionId={session.id} facts={facts} canEdit={workable} />
            <IntakeDetails session={session} />
          </div>
        </div>
        {canAct && (
          <ResolveDialog
            open={resolveOpen}
            onClose={() => setResolveOpen(false)}
            sessionId={session.id}
            prefill={session.assistant_finished === 'fixed' ? resolvePrefill(steps) : undefined}
            timeEntry={{ ticket: session.ticket, since: session.created_at }}
          />
        )}
      </div>
    </SessionHandoffProvider>
  );
}

function readOnlyReason(viewer: boolean, escalated: boolean, claimer: string | undefined): string {
  if (viewer) return 'You have read-only access: you can follow this session but not work it.';
  if (escalated) {
    return `Read-only: this session is escalated${claimer ? ` and ${claimer} is working it` : ''}.`;
  }
  return 'Read-only: only the session owner can answer steps or change this session.';
}
