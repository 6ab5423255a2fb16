import { Button } from '../../components/ui/Button';
import { useHandoffUi } from './SessionHandoffProvider';

/** Reopens the handoff context screen from the session header while the escalation is in progress. */
export function HandoffContextButton() {
  const ui = useHandoffUi();
  if (!ui?.handoff) return null;
  return (
    <Button aria-haspopup="dialog" onClick={ui.openContext}>
      Context
    </Button>
  );
}
