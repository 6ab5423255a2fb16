import {
  policyStages,
  stageOffsets,
  type EscalationPolicy,
  type PolicyStage,
} from '../../../../../shared/escalation-policy';
import { CHANNEL_LABELS, describeNotify, formatMinutes } from './labels';

const stageName = (s: PolicyStage) =>
  s.kind === 'catch_all'
    ? 'Catch-all'
    : s.kind === 'repeat'
      ? `Level ${s.level_index} again`
      : `Level ${s.index}`;

/** What happens to an escalation nobody claims, in plain words, with P1 timings beside the normal ones. */
export function PolicySchedule({
  policy,
  memberName,
}: {
  policy: EscalationPolicy;
  memberName: (id: string) => string;
}) {
  const stages = policyStages(policy);
  const normal = stageOffsets(policy, 'p3');
  const p1 = stageOffsets(policy, 'p1');
  return (
    <ol className="space-y-3" aria-label="Escalation schedule">
      {stages.map((s, i) => {
        const at = normal[i] ?? 0;
        const p1At = p1[i] ?? 0;
        return (
          <li key={i} className="flex gap-3 text-sm">
            <span className="w-28 shrink-0 font-medium text-slate-900 tabular-nums dark:text-slate-100">
              {i === 0 ? 'At escalation' : `+${formatMinutes(at)}`}
              {i > 0 && p1At !== at && (
                <span className="block text-xs font-normal text-slate-500 dark:text-slate-400">
                  P1: +{formatMinutes(p1At)}
                </span>
              )}
            </span>
            <span className="text-slate-700 dark:text-slate-300">
              <strong className="font-medium">{stageName(s)}</strong> notifies{' '}
              {describeNotify(s.notify, memberName)} by {s.channels.map((c) => CHANNEL_LABELS[c]).join(', ')}.
            </span>
          </li>
        );
      })}
      <li className="text-sm text-slate-600 dark:text-slate-400">
        Then nothing more. Claiming stops the schedule; releasing restarts it at the next level that has not
        fired yet.
      </li>
    </ol>
  );
}
