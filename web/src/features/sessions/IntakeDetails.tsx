import { Card } from '../../components/ui/Card';
import { formatDateTime } from '../../lib/format';
import type { Schemas } from '../../api/client';

type SessionRecord = Schemas['Session'];

/** What the tech reported at intake, plus the resolution once there is one. */
export function IntakeDetails({ session }: { session: SessionRecord }) {
  return (
    <Card title="Intake">
      <div className="space-y-4 text-sm">
        {session.root_cause && (
          <div className="space-y-1">
            <h3 className="font-semibold text-slate-900 dark:text-slate-50">Resolution</h3>
            <p className="text-slate-700 dark:text-slate-300">
              <span className="font-medium">Root cause:</span> {session.root_cause}
            </p>
            {session.resolution_summary && (
              <p className="text-slate-700 dark:text-slate-300">
                <span className="font-medium">Fix:</span> {session.resolution_summary}
              </p>
            )}
            {session.resolved_at && (
              <p className="text-slate-500 dark:text-slate-400">
                Resolved {formatDateTime(session.resolved_at)}
              </p>
            )}
          </div>
        )}
        {session.escalation_reason && (
          <div className="space-y-1">
            <h3 className="font-semibold text-slate-900 dark:text-slate-50">Escalation reason</h3>
            <p className="text-slate-700 dark:text-slate-300">{session.escalation_reason}</p>
          </div>
        )}
        <div className="space-y-1">
          <h3 className="font-semibold text-slate-900 dark:text-slate-50">Reported problem</h3>
          <p className="break-words whitespace-pre-wrap text-slate-700 dark:text-slate-300">
            {session.problem}
          </p>
          <p className="text-slate-500 dark:text-slate-400">Started {formatDateTime(session.created_at)}</p>
        </div>
        {session.log && (
          <details>
            <summary className="cursor-pointer font-semibold text-slate-900 dark:text-slate-50">
              Pasted log
            </summary>
            <pre
              tabIndex={0}
              className="mt-2 max-h-80 overflow-auto rounded-md bg-slate-50 p-3 font-mono text-xs whitespace-pre-wrap text-slate-800 ring-1 ring-slate-200 dark:bg-slate-950 dark:text-slate-200 dark:ring-slate-800"
            >
              {session.log}
            </pre>
          </details>
        )}
      </div>
    </Card>
  );
}
