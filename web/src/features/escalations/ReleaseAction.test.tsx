import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeHandoff } from '../../test/handoffFixtures';
import { HandoffContextDialog } from './HandoffContextDialog';

const base = { onClose: () => {}, onBack: () => {}, onClaim: () => {}, pending: null, error: null };

describe('putting a claimed escalation back in the queue', () => {
  afterEach(cleanup);

  it('is offered to the claimer in the context overlay', () => {
    const onRelease = vi.fn();
    const handoff = makeHandoff({
      claimed_by: { id: 'me', name: 'Me' },
      claimed_at: new Date().toISOString(),
    });
    render(
      <HandoffContextDialog {...base} handoff={handoff} meId="me" mode="overlay" onRelease={onRelease} />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Put back in queue' }));
    expect(onRelease).toHaveBeenCalledOnce();
  });

  it('is not offered when someone else holds the claim', () => {
    const handoff = makeHandoff({
      claimed_by: { id: 'other', name: 'Other' },
      claimed_at: new Date().toISOString(),
    });
    render(
      <HandoffContextDialog {...base} handoff={handoff} meId="me" mode="overlay" onRelease={() => {}} />,
    );
    expect(screen.queryByRole('button', { name: 'Put back in queue' })).toBeNull();
  });

  it('is not offered before claiming', () => {
    render(
      <HandoffContextDialog
        {...base}
        handoff={makeHandoff({ claimed_by: null })}
        meId="me"
        mode="pickup"
        onRelease={() => {}}
      />,
    );
    expect(screen.queryByRole('button', { name: 'Put back in queue' })).toBeNull();
  });
});
