import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { HANDOFF_EVENT_TYPES } from '../../../../shared/live-events';
import { useNavigate, useSearchParams } from 'react-router';
import { ApiError, type Schemas } from '../../api/client';
import { useToast } from '../../components/ui/Toast';
import { errorMessage } from '../../lib/errors';
import { isSeniorRole } from '../../lib/roles';
import { useSession } from '../auth/AuthContext';
import { useLiveEvent } from '../live/LiveContext';
import { sessionKeys } from '../sessions/api';
import {
  handoffKeys,
  openEscalation,
  removeFromQueue,
  useAskAssistant,
  useReleaseHandoff,
  useClaimHandoff,
  useSessionHandoffs,
} from './api';
import { alreadyClaimedText } from './format';
import { HandoffContextDialog, type ClaimChoice } from './HandoffContextDialog';
import { markSeen } from './seen';
import type { AlreadyClaimedBody } from './types';

type Handoff = Schemas['Handoff'];
type SessionRecord = Schemas['Session'];
type SessionView = Schemas['SessionDetail'];

interface HandoffUi {
  /** The session's escalation in progress (unresolved), once loaded. */
  handoff: Handoff | null;
  openContext: () => void;
}

const HandoffUiContext = createContext<HandoffUi | null>(null);

/** The session page's escalation state; null outside a <SessionHandoffProvider>. */
export function useHandoffUi(): HandoffUi | null {
  return useContext(HandoffUiContext);
}

interface ProviderProps {
  session: SessionRecord;
  /** False while the session itself is being (re)fetched: the pickup decision waits for fresh data. */
  settled: boolean;
  children: ReactNode;
}

/**
 * Owns the handoff context screen of one session page. With `?pickup=1`, a senior who did not escalate
 * gets the screen as a focused dialog while the escalation is unclaimed; claiming removes the parameter.
 * Afterwards the header's Context button reopens it for reference.
 */
export function SessionHandoffProvider({ session, settled, children }: ProviderProps) {
  const { user } = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { notify } = useToast();
  const [searchParams, setSearchParams] = useSearchParams();
  const inTransit = session.status === 'requesting_escalation' || session.status === 'escalated';
  const handoffs = useSessionHandoffs(session.id, inTransit);
  const handoff = inTransit ? openEscalation(handoffs.data) : null;
  const senior = isSeniorRole(user.role);
  const othersEscalation = Boolean(handoff && senior && handoff.handed_off_by.id !== user.id);
  const canClaim = othersEscalation && !handoff?.claimed_by;
  const claim = useClaimHandoff();
  const ask = useAskAssistant(session.id);
  const release = useReleaseHandoff();
  const [open, setOpen] = useState(false);
  const [mode, setMode] = useState<'pickup' | 'overlay'>('overlay');
  const [pending, setPending] = useState<ClaimChoice | null>(null);
  const [error, setError] = useState<string | null>(null);
  const pickupHandled = useRef(false);
  const wantsPickup = searchParams.get('pickup') === '1';

  // The assessment arriving, a claim or a release elsewhere: refetch this session's handoffs.
  useLiveEvent(HANDOFF_EVENT_TYPES, ({ data }) => {
    if (data.session_id !== session.id) return;
    void queryClient.invalidateQueries({ queryKey: handoffKeys.forSession(session.id) });
  });

  const dropPickupParam = useCallback(() => {
    setSearchParams(
      (current) => {
        const next = new URLSearchParams(current);
        next.delete('pickup');
        return next;
      },
      { replace: true },
    );
  }, [setSearchParams]);

  // A later link to this same page with `?pickup=1` (e.g. from the bell) is decided afresh.
  useEffect(() => {
    if (!wantsPickup) pickupHandled.current = false;
  }, [wantsPickup]);

  // Decide once, on fresh data, what `?pickup=1` means for this person.
  useEffect(() => {
    if (!wantsPickup || pickupHandled.current || !settled) return;
    if (inTransit && (handoffs.isPending || handoffs.isFetching)) return;
    pickupHandled.current = true;
    if (inTransit && handoffs.isError) {
      notify(`Could not load the escalation: ${errorMessage(handoffs.error)}`, 'error');
    }
    if (handoff && othersEscalation) markSeen(user.id, handoff.id);
    if (canClaim) {
      setMode('pickup');
      setOpen(true);
      return;
    }
    const claimer = handoff?.claimed_by;
    if (claimer && othersEscalation && claimer.id !== user.id) {
      notify(alreadyClaimedText(claimer.name, handoff?.claimed_at), 'info');
    }
    dropPickupParam(); // Claimed by me already, not mine to claim, or no longer escalated: just show it.
  }, [
    wantsPickup,
    settled,
    inTransit,
    handoffs.isPending,
    handoffs.isFetching,
    handoffs.isError,
    handoffs.error,
    handoff,
    othersEscalation,
    canClaim,
    user.id,
    notify,
    dropPickupParam,
  ]);

  // While deciding, someone else claims it (live) or the session is resolved: the screen cannot stay.
  useEffect(() => {
    if (!open || mode !== 'pickup' || pending) return;
    if (!handoff) {
      setOpen(false);
      dropPickupParam();
    } else if (handoff.claimed_by && handoff.claimed_by.id !== user.id) {
      notify(alreadyClaimedText(handoff.claimed_by.name, handoff.claimed_at), 'info');
      setOpen(false);
      navigate('/escalations');
    }
  }, [open, mode, pending, handoff, user.id, notify, navigate, dropPickupParam]);

  const leaveForQueue = (message: string, tone: 'info' | 'error') => {
    notify(message, tone);
    setOpen(false);
    navigate('/escalations');
  };

  const runClaim = async (choice: ClaimChoice) => {
    if (!handoff || pending) return;
    setPending(choice);
    setError(null);
    try {
      await claim.mutateAsync(handoff);
    } catch (caught) {
      const code = caught instanceof ApiError ? caught.code : null;
      const body = (caught instanceof ApiError ? caught.body : null) as Partial<AlreadyClaimedBody> | null;
      if (code === 'ALREADY_CLAIMED' && body?.claimed_by?.id !== user.id) {
        setPending(null);
        removeFromQueue(queryClient, handoff.id);
        return leaveForQueue(alreadyClaimedText(body?.claimed_by?.name, body?.claimed_at), 'info');
      }
      if (code === 'HANDOFF_CLOSED') {
        setPending(null);
        return leaveForQueue(errorMessage(caught), 'error');
      }
      if (code !== 'ALREADY_CLAIMED') {
        setPending(null);
        return setError(errorMessage(caught, 'Could not claim this escalation.'));
      }
      // Already claimed by me (another tab): carry on as if this claim had won.
      await queryClient.invalidateQueries({ queryKey: sessionKeys.detail(session.id) });
    }
    markSeen(user.id, handoff.id);
    let message = 'Claimed — this session is yours now.';
    let tone: 'success' | 'error' = 'success';
    if (choice === 'ask') {
      const before = queryClient.getQueryData<SessionView>(sessionKeys.detail(session.id))?.steps.at(-1)?.id;
      try {
        const view = await ask.mutateAsync();
        // With a step already waiting the assistant answers with that one rather than a new one.
        message =
          view.steps.at(-1)?.id !== before
            ? 'Claimed — the assistant has proposed the next step.'
            : 'Claimed — the next step is already waiting for you.';
      } catch (caught) {
        message = `Claimed, but the assistant could not propose a step: ${errorMessage(caught)}`;
        tone = 'error';
      }
    }
    setPending(null);
    setOpen(false);
    dropPickupParam();
    notify(message, tone);
  };

  const closeDialog = () => {
    if (pending) return;
    setOpen(false);
    if (mode === 'pickup') dropPickupParam();
  };

  const openContext = useCallback(() => {
    setMode(canClaim ? 'pickup' : 'overlay');
    setError(null);
    setOpen(true);
  }, [canClaim]);

  const value = useMemo(() => ({ handoff, openContext }), [handoff, openContext]);

  return (
    <HandoffUiContext.Provider value={value}>
      {children}
      {open && handoff && (
        <HandoffContextDialog
          handoff={handoff}
          meId={user.id}
          mode={mode}
          onClose={closeDialog}
          onBack={() => {
            setOpen(false);
            navigate('/escalations');
          }}
          onClaim={(choice) => void runClaim(choice)}
          pending={pending}
          error={error}
          releasing={release.isPending}
          onRelease={() =>
            release.mutate(handoff, {
              onSuccess: () => {
                setOpen(false);
                notify('Put back in the queue — other seniors can claim it again.', 'success');
                navigate('/escalations');
              },
              onError: (caught) => setError(errorMessage(caught)),
            })
          }
        />
      )}
    </HandoffUiContext.Provider>
  );
}
