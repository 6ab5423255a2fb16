import { Badge } from '../../components/ui/Badge';
import { Card } from '../../components/ui/Card';
import { formatDateTime } from '../../lib/format';
import { compareRevisions, describeChanges } from './revisionDiff';
import type { Schemas } from '../../api/client';

type ArticleRevision = Schemas['ArticleRevision'];

/** Every saved version, newest first, each with what it changed compared with the one before it. */
export function ArticleHistory({ revisions }: { revisions: ArticleRevision[] }) {
  return (
    <Card title="History" description="Every saved version of this article, newest first.">
      {revisions.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">No earlier versions.</p>
      ) : (
        <ol aria-label="Versions" className="space-y-4">
          {revisions.map((revision, index) => {
            const older = revisions[index + 1];
            const changes = older ? describeChanges(compareRevisions(older, revision)) : ['First version'];
            return (
              <li key={revision.id} className="border-l-2 border-slate-200 pl-3 dark:border-slate-700">
                <p className="flex flex-wrap items-center gap-2 text-sm text-slate-800 dark:text-slate-200">
                  <span className="font-medium">{revision.edited_by?.name ?? 'Unknown author'}</span>
                  <span className="text-slate-600 dark:text-slate-400">
                    <time dateTime={revision.edited_at}>{formatDateTime(revision.edited_at)}</time>
                  </span>
                  {index === 0 && <Badge tone="accent">Current</Badge>}
                </p>
                <ul className="mt-1 space-y-0.5 text-sm text-slate-600 dark:text-slate-400">
                  {changes.map((change) => (
                    <li key={change}>{change}</li>
                  ))}
                </ul>
              </li>
            );
          })}
        </ol>
      )}
    </Card>
  );
}
